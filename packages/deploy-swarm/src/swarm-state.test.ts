import { describe, expect, it } from 'vitest'
import type { ProcessResult } from '@pipeline-kit/common'
import { explainRollback } from './converge'
import { assertSwarmManager, parseServiceInspect, parseTaskLines, sameImage } from './swarm-state'
import { renderSwarmSummary } from './summary'
import { Timeline } from './timeline'

const reply = (stdout: string) => async (): Promise<ProcessResult> => ({
  command: 'docker',
  args: [],
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  durationMs: 1,
  timedOut: false,
})

describe('assertSwarmManager', () => {
  it('passes on a manager', async () => {
    await expect(assertSwarmManager(reply('active true\n'), 'ssh://m')).resolves.toBeUndefined()
  })
  it.each([
    ['active false', 'it is a swarm worker; service and stack commands must run on a manager'],
    ['inactive false', 'swarm mode is not enabled there'],
    ['pending false', 'its swarm state is pending'],
  ])('explains %s', async (out, why) => {
    await expect(assertSwarmManager(reply(out), 'ssh://m')).rejects.toThrow(
      `Provider swarm needs a swarm manager, but the engine at ssh://m is not one: ${why}`,
    )
  })
})

describe('parsing docker output', () => {
  it('reads a service inspect', () => {
    const [s] = parseServiceInspect(
      JSON.stringify([
        {
          ID: 'x',
          Version: { Index: 12 },
          Spec: {
            Name: 'web',
            Mode: { Replicated: { Replicas: 2 } },
            TaskTemplate: { ContainerSpec: { Image: 'app:2@sha256:aa' } },
          },
          PreviousSpec: { TaskTemplate: { ContainerSpec: { Image: 'app:1' } } },
          UpdateStatus: {
            State: 'completed',
            StartedAt: '2026-01-01T00:00:00Z',
            CompletedAt: '2026-01-01T00:00:05Z',
            Message: 'update completed',
          },
        },
      ]),
    )
    expect(s).toMatchObject({
      name: 'web',
      versionIndex: 12,
      replicas: 2,
      image: 'app:2@sha256:aa',
      previousImage: 'app:1',
      hasPreviousSpec: true,
    })
    expect(s!.updateStatus?.state).toBe('completed')
    expect(() => parseServiceInspect('nope')).toThrow('not JSON')
  })

  it('reads task lines and the first word of their state', () => {
    const tasks = parseTaskLines(
      '{"ID":"a","Name":"web.1","Image":"app:2","CurrentState":"Starting 2 seconds ago","DesiredState":"Running","Error":""}\n' +
        '{"ID":"b","Name":"web.1","Image":"app:1","CurrentState":"Failed 1 second ago","DesiredState":"Shutdown","Error":"task: non-zero exit (1)"}\n',
    )
    expect(tasks.map((t) => [t.state, t.desiredState, t.error])).toEqual([
      ['starting', 'running', ''],
      ['failed', 'shutdown', 'task: non-zero exit (1)'],
    ])
  })

  it('compares images ignoring a pinned digest', () => {
    expect(sameImage('app:2@sha256:aa', 'app:2')).toBe(true)
    expect(sameImage('app:2', 'app:3')).toBe(false)
  })

  it('explains an engine rollback from what the new tasks did', () => {
    expect(explainRollback(new Set(['starting']), new Set())).toContain('never passed their health check')
    expect(
      explainRollback(
        new Set(['starting', 'running']),
        new Set(['update rolled back due to failure of task x']),
      ),
    ).toBe(
      ': a new task failed within the update-monitor window; update rolled back due to failure of task x',
    )
    expect(explainRollback(new Set(), new Set())).toBe('')
  })
})

describe('summary', () => {
  it('renders the services and the timeline', async () => {
    let t = 0
    const timeline = new Timeline(() => t)
    await timeline.step(
      'update',
      async () => void (t += 120),
      () => 'app:1 → app:2',
    )
    const md = renderSwarmSummary({
      mode: 'service',
      services: [
        {
          service: 'web',
          image: 'app:2',
          previousImage: 'app:1',
          created: false,
          replicas: 2,
          desiredReplicas: 2,
        },
      ],
      image: 'app:2',
      previousImage: 'app:1',
      replicas: 2,
      rolledBack: false,
      timeline: timeline.entries,
      engineConvergenceMs: 4200,
    })
    expect(md).toContain('| web | app:2 | app:1 | 2/2 |')
    expect(md).toContain('| update | +0ms | 120ms | ✅ | app:1 → app:2 |')
    expect(md).toContain('Engine convergence: 4.2s')
  })
})
