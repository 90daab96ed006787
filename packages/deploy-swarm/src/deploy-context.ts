import type { Logger } from '@pipeline-kit/common'
import { DeployError } from '@pipeline-kit/deployments'
import type { WaitDeps } from './converge'
import type { DockerConnection } from '@pipeline-kit/docker/connection'
import { connectDockerStep } from './connect-step'
import type { SwarmConnection } from './options'
import { Timeline, type TimelineEntry } from './timeline'

/** What the deploy action hands the provider: a logger, and optionally smoke checks. */
export interface SwarmDeps {
  readonly logger: Logger
  /**
   * Smoke checks run once every replica has converged (actions/deploy passes its
   * smoke-test verification here). A failed outcome or a throw rolls the deployment back.
   */
  readonly verify?: (target: VerifyTarget) => Promise<VerifyOutcome>
  /** An already open connection (tests inject a fake runner); otherwise opened from options.connection. */
  readonly docker?: DockerConnection
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  /** How often convergence is polled; default 400 ms. */
  readonly pollIntervalMs?: number
  /** Where the private folder for the ssh key and registry login goes (the job's RUNNER_TEMP). */
  readonly tempDir?: string
}

export interface VerifyTarget {
  readonly services: readonly string[]
  readonly image?: string
}

export interface VerifyOutcome {
  readonly ok: boolean
  /** Why it failed (or what passed), in a sentence. */
  readonly message: string
}

/** One service's part in a deployment. */
export interface ServiceReport {
  readonly service: string
  readonly image: string
  /** The image before this deployment; undefined when the service was created. */
  readonly previousImage?: string
  readonly created: boolean
  /** Running replicas on `image` when the deployment finished. */
  readonly replicas: number
  readonly desiredReplicas: number
  /** The engine's update window from UpdateStatus, when it ran a rolling update. */
  readonly engineStartedAt?: string
  readonly engineCompletedAt?: string
}

/** What a swarm deployment, stack deployment or rollback did. */
export interface SwarmDeployResult {
  readonly mode: 'service' | 'stack' | 'rollback'
  readonly services: readonly ServiceReport[]
  /** The image rolled out (service mode and substituted stacks). */
  readonly image?: string
  /** Output previous-image: what ran before (for a stack, the first substituted service's). */
  readonly previousImage?: string
  /** Output replicas: running replicas across the deployed services. */
  readonly replicas: number
  /** Output rolled-back. */
  readonly rolledBack: boolean
  /** What was rolled back, in a sentence (for the summary and the failure message). */
  readonly rollbackDetail?: string
  readonly timeline: readonly TimelineEntry[]
  /** Sum of the engine's update windows (UpdateStatus CompletedAt − StartedAt), when known. */
  readonly engineConvergenceMs?: number
}

/** A deployment that failed after it touched the swarm; carries the result. */
export class SwarmDeployError extends DeployError<SwarmDeployResult> {}

/** The per-call context: connection, timeline and polling. */
export interface DeployContext {
  readonly docker: DockerConnection
  readonly timeline: Timeline
  readonly wait: WaitDeps
  readonly now: () => number
  close(): void
}

export async function openDeployContext(
  connection: SwarmConnection | undefined,
  deps: SwarmDeps,
): Promise<DeployContext> {
  const now = deps.now ?? (() => performance.now())
  const timeline = new Timeline(now)
  const docker = await connectDockerStep(timeline, connection, {
    logger: deps.logger,
    open: deps.docker,
    tempDir: deps.tempDir,
  })
  return {
    docker,
    timeline,
    now,
    wait: {
      logger: deps.logger,
      now,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      pollIntervalMs: deps.pollIntervalMs ?? 400,
    },
    close: () => {
      if (!deps.docker) docker.close()
    },
  }
}

/** CompletedAt − StartedAt summed over the services that reported both. */
export function engineWindowMs(reports: readonly ServiceReport[]): number | undefined {
  let total = 0
  let any = false
  for (const r of reports) {
    if (!r.engineStartedAt || !r.engineCompletedAt) continue
    const ms = Date.parse(r.engineCompletedAt) - Date.parse(r.engineStartedAt)
    if (Number.isFinite(ms) && ms >= 0) {
      total += ms
      any = true
    }
  }
  return any ? total : undefined
}
