import type { ProcessResult } from '@pipeline-kit/common'
import { createRecordingLogger } from '@pipeline-kit/common'
import type { DockerRunner } from '@pipeline-kit/docker'
import { describe, expect, it } from 'vitest'
import { undoReplacement, type DockerPending } from './undo-replacement'

const result = (stdout: string, exitCode = 0, stderr = ''): ProcessResult => ({
  command: 'docker',
  args: [],
  exitCode,
  signal: null,
  stdout,
  stderr,
  durationMs: 1,
  timedOut: false,
})

/** An engine holding the named containers (all healthy); records every call. */
function engine(containers: string[]) {
  const calls: string[] = []
  const run: DockerRunner = async (args) => {
    calls.push(args.join(' '))
    if (args[0] === 'container' && args[1] === 'inspect') {
      const name = args.at(-1)!
      if (!containers.includes(name)) return result('', 1, `Error: No such container: ${name}`)
      return result(
        JSON.stringify({
          Id: name,
          Name: `/${name}`,
          Config: { Image: 'app', Labels: {} },
          State: { Status: 'running', Running: true, ExitCode: 0, Health: { Status: 'healthy', Log: [] } },
        }),
      )
    }
    return result('')
  }
  return { run, calls: calls as readonly string[] }
}

const context = (docker: DockerRunner) => ({
  docker,
  logger: createRecordingLogger(),
  now: () => 0,
  sleep: async () => {},
})
const stopStart = { strategy: 'stop-start' as const, readyTimeoutMs: 5000 }
const pending: DockerPending = {
  container: 'web',
  next: 'web',
  parked: 'web-previous',
  releaseId: 'r2',
  image: 'app:v2',
  previous: { image: 'app:v1', releaseId: 'r1', port: 8080 },
  switchStarted: false,
}

describe('undoReplacement', () => {
  it('stop-start, interrupted after parking: removes the new container and restarts the parked one', async () => {
    const { run, calls } = engine(['web', 'web-previous'])
    expect(await undoReplacement(stopStart, pending, context(run))).toBe(
      'web (app:v1) restarted; the new container was removed',
    )
    expect(calls.filter((c) => !c.startsWith('container inspect'))).toEqual([
      'rm --force web',
      'rename web-previous web',
      'start web',
    ])
  })

  it('stop-start, interrupted before parking: never removes the old container, which still carries the name', async () => {
    const { run, calls } = engine(['web'])
    expect(await undoReplacement(stopStart, pending, context(run))).toBe(
      'web (app:v1) kept serving; nothing had been replaced',
    )
    expect(calls.filter((c) => !c.startsWith('container inspect'))).toEqual(['start web'])
  })

  it('proxy: points the proxy back only when the switch started, and removes the new container', async () => {
    const proxy = {
      strategy: 'proxy' as const,
      readyTimeoutMs: 5000,
      proxyContainer: 'lb',
      proxyReload: 'reload',
    }
    const next = { ...pending, next: 'web-next' }
    const before = engine(['web', 'web-next'])
    expect(await undoReplacement(proxy, next, context(before.run))).toBe(
      'web (app:v1) kept serving; the new container was removed',
    )
    expect(before.calls).toEqual(['rm --force web-next'])
    const after = engine(['web', 'web-next'])
    expect(await undoReplacement(proxy, { ...next, switchStarted: true }, context(after.run))).toBe(
      'web (app:v1) kept serving; proxy pointed back at port 8080; the new container was removed',
    )
    expect(after.calls[0]).toMatch(
      /^exec --env PK_UPSTREAM_HOST=127\.0\.0\.1 --env PK_UPSTREAM_PORT=8080 .* lb sh -c reload$/,
    )
    expect(after.calls[1]).toBe('rm --force web-next')
  })

  it('a first deployment has nothing to go back to: removed, or kept (renamed to the stable name) with keepFailed', async () => {
    const first = { ...pending, next: 'web-next', previous: undefined }
    const removed = engine(['web-next'])
    expect(await undoReplacement({ ...stopStart, strategy: 'proxy' }, first, context(removed.run))).toBe(
      'the new container web-next was stopped and removed (there was no earlier one to go back to)',
    )
    expect(removed.calls).toEqual(['rm --force web-next'])
    const kept = engine(['web-next'])
    expect(
      await undoReplacement({ ...stopStart, strategy: 'proxy', keepFailed: true }, first, context(kept.run)),
    ).toBe(
      'the new container was kept running as web (keep-failed: true; there was no earlier one to go back to)',
    )
    expect(kept.calls.filter((c) => !c.startsWith('container inspect'))).toEqual(['rename web-next web'])
  })
})
