import { markdownTable, type Logger } from '@pipeline-kit/action-runtime'
import {
  deployDockerContainer,
  DockerDeployError,
  rollbackDockerContainer,
  type DockerDeployResult,
} from '@pipeline-kit/deploy-docker'
import { deploySshRelease, rollbackSshRelease, SshDeployError } from '@pipeline-kit/deploy-ssh'
import { runSwarmPlan, SwarmDeployError, type SwarmDeployResult } from '@pipeline-kit/deploy-swarm'
import { describeStep, Timeline, type TimelineEntry, type Verify } from '@pipeline-kit/deployments'
import type { ProviderPlan } from './inputs'

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
export async function runProvider(
  target: ProviderPlan,
  deps: { readonly logger: Logger; readonly verify?: Verify },
): Promise<ProviderOutcome> {
  const timeline = new Timeline(undefined, (step) => deps.logger.info(describeStep(step)))
  const failed = (error: unknown): ProviderOutcome => ({
    ok: false,
    error,
    started: false,
    releaseId: '',
    rolledBack: false,
    steps: timeline.entries,
    outputs: {},
    sections: [],
  })
  try {
    switch (target.provider) {
      case 'ssh': {
        const run = () =>
          target.plan.mode === 'deploy'
            ? deploySshRelease(target.plan.options, { ...deps, timeline })
            : rollbackSshRelease(target.plan.options, { ...deps, timeline })
        const r = await run().catch((error: unknown) => {
          if (error instanceof SshDeployError) return { error, ...error.result }
          throw error
        })
        return {
          ok: !('error' in r),
          error: 'error' in r ? r.error : undefined,
          started: true,
          releaseId: r.releaseId,
          rolledBack: r.rolledBack,
          rollbackDetail: r.rollbackDetail,
          steps: r.timeline,
          outputs: {},
          sections: [],
        }
      }
      case 'docker': {
        const r = await (
          target.plan.mode === 'deploy'
            ? deployDockerContainer(target.plan.options, { ...deps, timeline })
            : rollbackDockerContainer(target.plan.options, { ...deps, timeline })
        ).catch((error: unknown) => {
          if (error instanceof DockerDeployError) return { error, ...error.result }
          throw error
        })
        return {
          ok: !('error' in r),
          error: 'error' in r ? r.error : undefined,
          started: true,
          releaseId: r.releaseId,
          rolledBack: r.rolledBack,
          rollbackDetail: r.rollbackDetail,
          steps: r.timeline,
          outputs: { 'previous-image': r.previousImage ?? '' },
          sections: [renderContainer(r)],
        }
      }
      case 'swarm': {
        const r = await runSwarmPlan(target.plan, { ...deps, pollIntervalMs: 200 }).catch(
          (error: unknown) => {
            if (error instanceof SwarmDeployError) return { error, ...error.result }
            throw error
          },
        )
        return {
          ok: !('error' in r),
          error: 'error' in r ? r.error : undefined,
          started: true,
          releaseId: r.image ?? r.services[0]?.image ?? '',
          rolledBack: r.rolledBack,
          rollbackDetail: r.rollbackDetail,
          steps: r.timeline,
          outputs: { replicas: r.replicas, 'previous-image': r.previousImage ?? '' },
          sections: [renderServices(r)],
        }
      }
    }
  } catch (error) {
    return failed(error)
  }
}

function renderContainer(r: DockerDeployResult): string {
  return [
    '### Container',
    '',
    markdownTable(
      ['Container', 'Image', 'Previous image', 'Port'],
      [[r.container, r.image || '(none)', r.previousImage ?? '(none)', r.port ?? '']],
    ),
  ].join('\n')
}

function renderServices(r: SwarmDeployResult): string {
  return [
    '### Services',
    '',
    markdownTable(
      ['Service', 'Image', 'Previous image', 'Replicas'],
      r.services.map((s) => [
        s.service,
        s.image,
        s.created ? '(created)' : (s.previousImage ?? ''),
        `${s.replicas}/${s.desiredReplicas}`,
      ]),
    ),
  ].join('\n')
}
