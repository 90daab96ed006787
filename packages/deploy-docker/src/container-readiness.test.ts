import type { ProcessResult } from '@pipeline-kit/common'
import { parseContainerState, type DockerRunner } from '@pipeline-kit/docker'
import { describe, expect, it } from 'vitest'
import { ensureImage, waitHealthy } from './container-readiness'

const done = (stdout: string, exitCode = 0, stderr = ''): ProcessResult => ({
  command: 'docker',
  args: [],
  exitCode,
  signal: null,
  stdout,
  stderr,
  durationMs: 1,
  timedOut: false,
})

const inspectJson = (state: Record<string, unknown>) =>
  JSON.stringify({
    Id: 'abc',
    Name: '/web',
    Config: { Image: 'app:v1', Labels: { a: 'b' } },
    State: { ExitCode: 0, ...state },
  })

/** A runner answering `container inspect` with each state in turn. */
function inspecting(states: Record<string, unknown>[]): { run: DockerRunner; calls: string[][] } {
  const calls: string[][] = []
  let i = 0
  return {
    calls,
    run: async (args) => {
      calls.push([...args])
      return done(inspectJson(states[Math.min(i++, states.length - 1)]!))
    },
  }
}

const clock = () => {
  let t = 0
  return { now: () => t, sleep: async (ms: number) => void (t += ms) }
}

describe('parseContainerState', () => {
  it('reads image, labels, state and the last health output', () => {
    const state = parseContainerState(
      inspectJson({
        Status: 'running',
        Running: true,
        Health: { Status: 'unhealthy', Log: [{ Output: 'x' }, { Output: 'refused\n' }] },
      }),
    )
    expect(state).toMatchObject({
      id: 'abc',
      name: 'web',
      image: 'app:v1',
      labels: { a: 'b' },
      running: true,
      health: 'unhealthy',
      healthOutput: 'refused',
    })
  })
})

describe('waitHealthy', () => {
  it('waits through starting until healthy', async () => {
    const { run, calls } = inspecting([
      { Status: 'running', Running: true, Health: { Status: 'starting' } },
      { Status: 'running', Running: true, Health: { Status: 'starting' } },
      { Status: 'running', Running: true, Health: { Status: 'healthy' } },
    ])
    expect(
      await waitHealthy(run, 'web', { deadlineMs: 10_000, settleMs: 2000, pollMs: 250, ...clock() }),
    ).toBe('healthy')
    expect(calls).toHaveLength(3)
  })

  it('fails on unhealthy, exit and the deadline', async () => {
    const opts = { deadlineMs: 1000, settleMs: 2000, pollMs: 250, ...clock() }
    await expect(
      waitHealthy(
        inspecting([
          { Status: 'running', Running: true, Health: { Status: 'unhealthy', Log: [{ Output: 'boom' }] } },
        ]).run,
        'web',
        opts,
      ),
    ).rejects.toThrow('Container web is unhealthy: boom')
    await expect(
      waitHealthy(inspecting([{ Status: 'exited', Running: false, ExitCode: 3 }]).run, 'web', opts),
    ).rejects.toThrow('Container web exited with code 3 before becoming healthy')
    await expect(
      waitHealthy(
        inspecting([{ Status: 'running', Running: true, Health: { Status: 'starting' } }]).run,
        'web',
        { ...opts, ...clock() },
      ),
    ).rejects.toThrow('did not become healthy within 1s (health: starting)')
  })

  it('accepts a container without HEALTHCHECK once it kept running', async () => {
    const result = await waitHealthy(inspecting([{ Status: 'running', Running: true }]).run, 'web', {
      deadlineMs: 10_000,
      settleMs: 2000,
      pollMs: 500,
      ...clock(),
    })
    expect(result).toMatch(/running for 2s \(the image has no HEALTHCHECK\)/)
  })
})

describe('ensureImage', () => {
  it('pulls a missing image and explains one that cannot be pulled', async () => {
    const calls: string[][] = []
    const run: DockerRunner = async (args) => {
      calls.push([...args])
      return args[0] === 'pull'
        ? done('', 1, 'Error response from daemon: manifest unknown')
        : done('', 1, 'No such image')
    }
    await expect(ensureImage(run, 'app:nope', 'the local engine')).rejects.toThrow(
      'Image app:nope does not exist on the local engine and could not be pulled: Error response from daemon: manifest unknown',
    )
    expect(calls.map((c) => c[0])).toEqual(['image', 'pull'])
  })
})
