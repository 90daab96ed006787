import type { Logger } from '@pipeline-kit/action-runtime'
import {
  deployDockerContainer,
  renderContainerSection,
  rollbackDockerContainer,
} from '@pipeline-kit/deploy-docker'
import { deploySshRelease, rollbackSshRelease } from '@pipeline-kit/deploy-ssh'
import { renderSwarmServicesSection, runSwarmPlan } from '@pipeline-kit/deploy-swarm'
import {
  describeStep,
  settleDeployment,
  Timeline,
  type TimelineEntry,
  type Verify,
} from '@pipeline-kit/deployments'
import type { ProviderPlan } from './inputs'
import type { stateJournal } from './run-state'

/** What every provider gets from the action. */
export interface ProviderDeps {
  readonly logger: Logger
  readonly verify?: Verify
  /** The private folder for keys and env files (under RUNNER_TEMP). */
  readonly tempDir?: string
  /** Records an unverified switch for the post step (ssh and docker). */
  readonly journal?: <P extends 'ssh' | 'docker'>(provider: P) => ReturnType<typeof stateJournal<P>>
}

/** What any provider did, in the shape the outputs, summary and Deployments API need. */
export interface ProviderOutcome {
  readonly ok: boolean
  /** The failure to rethrow once outputs and statuses are set. */
  readonly error?: unknown
  /** Whether the provider changed the target before failing (failure) or not (error). */
  readonly started: boolean
  readonly releaseId: string
  readonly rolledBack: boolean
  readonly rollbackDetail?: string
  readonly steps: readonly TimelineEntry[]
  readonly outputs: Readonly<Record<string, string | number | undefined>>
  readonly sections: readonly string[]
}

/** Runs the parsed plan of the chosen provider; deployment failures are returned, not thrown. */
export async function runProvider(target: ProviderPlan, deps: ProviderDeps): Promise<ProviderOutcome> {
  const timeline = new Timeline(undefined, (step) => deps.logger.info(describeStep(step)))
  const shared = { logger: deps.logger, verify: deps.verify, tempDir: deps.tempDir, timeline }
  try {
    switch (target.provider) {
      case 'ssh': {
        const { mode, options } = target.plan
        return await settleOutcome(
          mode === 'deploy'
            ? deploySshRelease(options, { ...shared, journal: deps.journal?.('ssh') })
            : rollbackSshRelease(options, shared),
          (r) => ({ releaseId: r.releaseId }),
        )
      }
      case 'docker': {
        const { mode, options } = target.plan
        return await settleOutcome(
          mode === 'deploy'
            ? deployDockerContainer(options, { ...shared, journal: deps.journal?.('docker') })
            : rollbackDockerContainer(options, shared),
          (r) => ({
            releaseId: r.releaseId,
            outputs: { 'previous-image': r.previousImage ?? '' },
            sections: [renderContainerSection(r)],
          }),
        )
      }
      case 'swarm':
        return await settleOutcome(
          runSwarmPlan(target.plan, {
            logger: deps.logger,
            verify: deps.verify,
            tempDir: deps.tempDir,
            pollIntervalMs: 200,
          }),
          (r) => ({
            releaseId: r.image ?? r.services[0]?.image ?? '',
            outputs: { replicas: r.replicas, 'previous-image': r.previousImage ?? '' },
            sections: [renderSwarmServicesSection(r)],
          }),
        )
    }
  } catch (error) {
    return {
      ok: false,
      error,
      started: false,
      releaseId: '',
      rolledBack: false,
      steps: timeline.entries,
      outputs: {},
      sections: [],
    }
  }
}

/** What every provider's result reports. */
interface ProviderResult {
  readonly rolledBack: boolean
  readonly rollbackDetail?: string
  readonly timeline: readonly TimelineEntry[]
}

/** What is particular to a provider: its release, extra outputs and summary sections. */
type ProviderReport = Pick<ProviderOutcome, 'releaseId'> &
  Partial<Pick<ProviderOutcome, 'outputs' | 'sections'>>

/**
 * Waits for a provider call that started: its result, or the result its DeployError
 * carries, as an outcome; `report` adds what is particular to the provider.
 */
async function settleOutcome<R extends ProviderResult>(
  run: Promise<R>,
  report: (result: R) => ProviderReport,
): Promise<ProviderOutcome> {
  const { result, error } = await settleDeployment(run)
  return {
    ok: !error,
    error,
    started: true,
    rolledBack: result.rolledBack,
    rollbackDetail: result.rollbackDetail,
    steps: result.timeline,
    outputs: {},
    sections: [],
    ...report(result),
  }
}
