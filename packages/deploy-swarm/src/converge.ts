import { formatDuration, type Logger } from '@pipeline-kit/common'
import type { DockerRunner } from '@pipeline-kit/docker'
import {
  inspectService,
  listAllTasks,
  listCurrentTasks,
  sameImage,
  type ServiceState,
  type TaskState,
  type UpdateStatus,
} from './swarm-state'

export interface WaitDeps {
  readonly logger: Logger
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly pollIntervalMs: number
}

export type ConvergenceOutcome =
  /** Every replica runs the target (and passed its health check). */
  | 'converged'
  /** The engine gave up on the update and rolled back by itself (update-failure-action rollback). */
  | 'rolled-back'
  /** The engine paused the update or its rollback. */
  | 'paused'
  /** New tasks keep failing (service creation). */
  | 'failed'
  | 'timed-out'

export interface ConvergenceResult {
  readonly outcome: ConvergenceOutcome
  /** What happened, in a sentence, for the failure message. */
  readonly message: string
  readonly service: ServiceState
  /** Running tasks on the image the service now specifies. */
  readonly runningReplicas: number
  readonly desiredReplicas: number
  /** The engine's own update window (UpdateStatus StartedAt/CompletedAt), when it reported one. */
  readonly engineStartedAt?: string
  readonly engineCompletedAt?: string
  /** Distinct task errors seen while waiting (e.g. "dockerexec: unhealthy container"). */
  readonly taskErrors: readonly string[]
}

export interface WaitRequest {
  readonly service: string
  /**
   * update: wait for a fresh UpdateStatus to reach completed (rollback_completed means
   * the engine rolled back); rollback: wait for rollback_completed; tasks: no rolling
   * update is expected (a new service, or an update that changed nothing), so wait for
   * the tasks themselves.
   */
  readonly kind: 'update' | 'rollback' | 'tasks'
  /** The UpdateStatus StartedAt before the command, so a stale status is not taken for the new one. */
  readonly baselineStartedAt?: string
  readonly deadlineAt: number
  /** The image being rolled out, to explain a failure from what its tasks did. */
  readonly targetImage?: string
  /** For messages. */
  readonly timeoutMs: number
}

/**
 * Polls the service until it converges, fails, or the deadline passes, logging progress
 * (replicas updated/total and the engine's update state) whenever it changes.
 */
export async function waitForConvergence(
  docker: DockerRunner,
  request: WaitRequest,
  deps: WaitDeps,
): Promise<ConvergenceResult> {
  const { service: name } = request
  const errors = new Set<string>()
  let lastProgress = ''
  const targetStates = new Set<string>()
  const engineMessages = new Set<string>()
  for (;;) {
    const service = await inspectService(docker, name)
    if (!service) {
      throw new Error(`Service ${name} disappeared while waiting for it to converge`)
    }
    const tasks = await listCurrentTasks(docker, name)
    const desired = service.replicas ?? tasks.length
    const running = countRunning(tasks, service.image)
    const status = freshStatus(service.updateStatus, request.baselineStartedAt)
    for (const task of tasks) {
      noteError(task, errors, deps.logger)
      if (request.targetImage && sameImage(task.image, request.targetImage)) targetStates.add(task.state)
    }
    if (status?.message && !/^(update|rollback) (in progress|completed)$/.test(status.message)) {
      engineMessages.add(status.message)
    }

    const progress =
      `${name}: ${running}/${desired} replicas updated to ${service.image}` +
      (status ? ` (engine: ${status.state.replace('_', ' ')})` : '')
    if (progress !== lastProgress) {
      deps.logger.info(progress)
      lastProgress = progress
    }

    const done = (outcome: ConvergenceOutcome, message: string): ConvergenceResult => ({
      outcome,
      message,
      service,
      runningReplicas: running,
      desiredReplicas: desired,
      engineStartedAt: status?.startedAt,
      engineCompletedAt: status?.completedAt,
      taskErrors: [...errors],
    })

    /** Every replica runs the service's current definition, and no replaced task is still stopping. */
    const settled = async () =>
      running >= desired &&
      tasks.every((t) => t.state === 'running' && sameImage(t.image, service.image)) &&
      (await drained(docker, name, deps.logger))

    if (request.kind === 'tasks') {
      if (await settled()) return done('converged', `${running}/${desired} replicas running ${service.image}`)
      const failed = await countFailedTasks(docker, name, service.image, errors, deps.logger)
      if (failed >= Math.max(3, desired + 2)) {
        return done('failed', `${failed} tasks of ${name} failed to start${describeErrors(errors)}`)
      }
    } else if (status) {
      const engineMessage = status.message ? `: ${status.message}` : ''
      switch (status.state) {
        case 'completed':
          if (request.kind === 'update' && (await settled())) {
            return done('converged', `update completed${engineMessage}`)
          }
          break
        case 'rollback_completed':
        case 'rollback_paused': {
          // The engine can report a rollback completed while a restored replica is still
          // being replaced, and pause one whose restored task failed to start (it may start
          // the previous version while the task it replaces still holds the node's port);
          // the restart policy then brings the slot back. Either way the rollback is done
          // when every replica runs the restored definition, or at the deadline.
          await collectFailedTaskErrors(docker, name, errors, deps.logger)
          const paused = status.state === 'rollback_paused'
          const restored = await settled()
          if (!restored && deps.now() < request.deadlineAt) break
          if (paused && !restored) {
            return done('paused', `the engine paused the rollback${engineMessage}${describeErrors(errors)}`)
          }
          const note = paused
            ? `; the engine paused its rollback on a task that failed, but all ${desired} replicas run ${service.image} again`
            : ''
          return request.kind === 'rollback'
            ? done('converged', `rollback completed${note}${describeErrors(errors)}`)
            : done(
                'rolled-back',
                `the engine rolled the update back${explainRollback(targetStates, engineMessages)}${note}${describeErrors(errors)}`,
              )
        }
        case 'paused':
          await collectFailedTaskErrors(docker, name, errors, deps.logger)
          return done('paused', `the engine paused the update${engineMessage}${describeErrors(errors)}`)
      }
    }

    if (deps.now() >= request.deadlineAt) {
      return done(
        'timed-out',
        `${name} did not converge within ${formatDuration(request.timeoutMs)} ` +
          `(${running}/${desired} replicas on ${service.image})${describeErrors(errors)}`,
      )
    }
    await deps.sleep(deps.pollIntervalMs)
  }
}

/**
 * With start-first the engine reports an update complete while it may still be stopping
 * the replaced tasks, which keep answering until then; converged means they are gone.
 */
async function drained(docker: DockerRunner, name: string, logger: Logger): Promise<boolean> {
  const stopping = (await listAllTasks(docker, name)).filter(
    (t) => !['running', 'ready'].includes(t.desiredState) && ['running', 'starting'].includes(t.state),
  )
  if (stopping.length > 0) logger.debug(`${name}: waiting for ${stopping.length} replaced task(s) to stop`)
  return stopping.length === 0
}

function freshStatus(
  status: UpdateStatus | undefined,
  baseline: string | undefined,
): UpdateStatus | undefined {
  if (!status) return undefined
  if (baseline !== undefined && status.startedAt === baseline) return undefined
  return status
}

function countRunning(tasks: readonly TaskState[], image: string): number {
  return tasks.filter((t) => t.state === 'running' && sameImage(t.image, image)).length
}

function noteError(task: TaskState, errors: Set<string>, logger: Logger): void {
  if (!task.error || errors.has(task.error)) return
  errors.add(task.error)
  // A pending task's error is the scheduler's reason for waiting (a stop-first update's
  // host-mode port is busy until the old task has stopped): worth a line, not a warning.
  if (task.state === 'pending') logger.info(`Task ${task.name} (${task.image}) is pending: ${task.error}`)
  else logger.warning(`Task ${task.name} (${task.image}): ${task.error}`)
}

async function countFailedTasks(
  docker: DockerRunner,
  name: string,
  image: string,
  errors: Set<string>,
  logger: Logger,
): Promise<number> {
  const all = await listAllTasks(docker, name)
  const failed = all.filter((t) => ['failed', 'rejected'].includes(t.state) && sameImage(t.image, image))
  for (const task of failed) noteError(task, errors, logger)
  return failed.length
}

async function collectFailedTaskErrors(
  docker: DockerRunner,
  name: string,
  errors: Set<string>,
  logger: Logger,
): Promise<void> {
  for (const task of await listAllTasks(docker, name)) noteError(task, errors, logger)
}

/** Why the engine rolled back, from what the new tasks did and what the engine said. */
export function explainRollback(
  targetStates: ReadonlySet<string>,
  engineMessages: ReadonlySet<string>,
): string {
  const parts: string[] = []
  if (targetStates.has('starting') && !targetStates.has('running')) {
    parts.push('the new tasks never passed their health check (the image HEALTHCHECK or input health-cmd)')
  } else if (targetStates.has('running')) {
    parts.push('a new task failed within the update-monitor window')
  }
  parts.push(...engineMessages)
  return parts.length ? `: ${parts.join('; ')}` : ''
}

function describeErrors(errors: Set<string>): string {
  if (errors.size === 0) return ''
  return `; task errors: ${[...errors].slice(0, 3).join('; ')}`
}
