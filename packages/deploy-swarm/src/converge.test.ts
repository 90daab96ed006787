import { describe, expect, it } from 'vitest'
import { createRecordingLogger, type ProcessResult } from '@pipeline-kit/common'
import { waitForConvergence, type WaitDeps } from './converge'
import type { DockerRunner } from '@pipeline-kit/docker'

interface Task {
  readonly id: string
  readonly slot: number
  readonly image: string
  readonly state: string
  readonly desired: string
  readonly error?: string
}

const result = (stdout: string): ProcessResult => ({
  command: 'docker',
  args: [],
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  durationMs: 1,
  timedOut: false,
})

/**
 * The engine after `docker service update --image app:missing` on a service whose two
 * replicas hold ports of the node, as `docker service ps` showed it on a real swarm: the
 * update's task was rejected, the rollback's first v2 task failed ("task: non-zero exit
 * (1)": the replaced v2 still held the port) and paused the rollback, and the restart
 * policy's replacement (desired state Ready) starts one poll later.
 */
function pausedRollback(polls: readonly (readonly Task[])[], state = 'rollback_paused'): DockerRunner {
  let poll = -1
  return async (args) => {
    if (args[1] === 'inspect') {
      poll = Math.min(poll + 1, polls.length - 1)
      return result(
        JSON.stringify({
          ID: 'svc',
          Version: { Index: 9 },
          Spec: {
            Name: 'web',
            Mode: { Replicated: { Replicas: 2 } },
            TaskTemplate: { ContainerSpec: { Image: 'app:v2' } },
          },
          UpdateStatus: {
            State: state,
            StartedAt: '2026-01-01T00:00:10Z',
            Message:
              state === 'rollback_paused'
                ? 'update paused due to failure or early termination of task 73pljdp77jyx'
                : 'rollback completed',
          },
        }),
      )
    }
    const current = args.includes('desired-state=running')
    const tasks = polls[poll]!.filter((t) => !current || t.desired === 'running')
    const line = (t: Task) =>
      JSON.stringify({
        ID: t.id,
        Name: `web.${t.slot}`,
        Image: t.image,
        CurrentState: `${t.state[0]!.toUpperCase()}${t.state.slice(1)} 1 second ago`,
        DesiredState: t.desired[0]!.toUpperCase() + t.desired.slice(1),
        Error: t.error ?? '',
      })
    return result(tasks.map(line).join('\n'))
  }
}

const history: readonly Task[] = [
  { id: 'osdx', slot: 2, image: 'app:v2', state: 'shutdown', desired: 'shutdown' },
  {
    id: '2kc2',
    slot: 2,
    image: 'app:missing',
    state: 'rejected',
    desired: 'shutdown',
    error: 'No such image: app:missing',
  },
  {
    id: '73pl',
    slot: 2,
    image: 'app:v2',
    state: 'failed',
    desired: 'shutdown',
    error: 'task: non-zero exit (1)',
  },
]
const slot1: Task = { id: 's0cf', slot: 1, image: 'app:v2', state: 'running', desired: 'running' }
const replacement = (state: string, desired: string): Task => ({
  id: 'wt3d',
  slot: 2,
  image: 'app:v2',
  state,
  desired,
})

function deps(): WaitDeps & { logger: ReturnType<typeof createRecordingLogger> } {
  let clock = 0
  return {
    logger: createRecordingLogger(),
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    pollIntervalMs: 1000,
  }
}
const request = {
  service: 'web',
  kind: 'update' as const,
  baselineStartedAt: '2026-01-01T00:00:00Z',
  deadlineAt: 60_000,
  timeoutMs: 60_000,
  targetImage: 'app:missing',
}

describe('waitForConvergence after the engine paused a rollback', () => {
  it('is a rollback once the restart policy has every replica running the restored definition', async () => {
    const docker = pausedRollback([
      [slot1, ...history, replacement('ready', 'ready')],
      [slot1, ...history, replacement('starting', 'running')],
      [slot1, ...history, replacement('running', 'running')],
    ])
    const state = await waitForConvergence(docker, request, deps())
    expect(state.outcome).toBe('rolled-back')
    expect(state.runningReplicas).toBe(2)
    expect(state.message).toContain(
      'the engine paused its rollback on a task that failed, but all 2 replicas run app:v2 again',
    )
    expect(state.message).toContain('No such image: app:missing')
  })

  it('is a paused rollback when the replicas are not back by the deadline', async () => {
    const docker = pausedRollback([[slot1, ...history]])
    const d = deps()
    const state = await waitForConvergence(docker, request, d)
    expect(d.now()).toBe(request.deadlineAt)
    expect(state.outcome).toBe('paused')
    expect(state.message).toMatch(/^the engine paused the rollback: update paused due to failure/)
  })

  it('a manual rollback that paused the same way has converged', async () => {
    const docker = pausedRollback([[slot1, ...history, replacement('running', 'running')]])
    const state = await waitForConvergence(docker, { ...request, kind: 'rollback' }, deps())
    expect(state.outcome).toBe('converged')
  })

  it('a completed rollback waits for a replica still being replaced before it reports', async () => {
    const docker = pausedRollback(
      [
        [slot1, ...history, replacement('ready', 'ready')],
        [slot1, ...history, replacement('running', 'running')],
      ],
      'rollback_completed',
    )
    const state = await waitForConvergence(docker, request, deps())
    expect(state).toMatchObject({ outcome: 'rolled-back', runningReplicas: 2, desiredReplicas: 2 })
    expect(state.message).not.toContain('paused')
  })

  it('a pending task is the scheduler waiting (a stop-first host-mode port): a log line, not a warning', async () => {
    const pending: Task = {
      id: 'n3w',
      slot: 2,
      image: 'app:v2',
      state: 'pending',
      desired: 'running',
      error: 'no suitable node (host-mode port already in use on 1 node)',
    }
    const d = deps()
    const docker = pausedRollback(
      [
        [slot1, pending],
        [slot1, { ...pending, state: 'running', error: '' }],
      ],
      'rollback_completed',
    )
    const state = await waitForConvergence(docker, { ...request, kind: 'rollback' }, d)
    expect(state.outcome).toBe('converged')
    expect(d.logger.lines.filter((l) => l.level === 'warning')).toEqual([])
    expect(d.logger.lines.map((l) => l.message)).toContain(
      'Task web.2 (app:v2) is pending: no suitable node (host-mode port already in use on 1 node)',
    )
  })
})
