import { describe, expect, it } from 'vitest'
import { backoffDelay, createRecordingLogger, ProcessError, type ProcessResult } from '@pipeline-kit/common'
import { classifyRegistryFailure, describeAttempts, retryRegistryOperation } from './registry-retry'

// Captured from docker CLI 28.2 against engine 20.10 and Debian's docker-registry behind
// test/services/flaky-proxy.ts (which answers chosen requests with a status or a reset).
const transient: ReadonlyArray<readonly [string, string, string]> = [
  [
    'login, registry answering 503',
    'Error response from daemon: login attempt to http://127.0.0.1:44919/v2/ failed with status: 503 Service Unavailable',
    'HTTP 503 Service Unavailable',
  ],
  [
    'login, 502 from a gateway',
    'Error response from daemon: login attempt to http://127.0.0.1:44919/v2/ failed with status: 502 Bad Gateway',
    'HTTP 502 Bad Gateway',
  ],
  [
    'login, rate limited',
    'Error response from daemon: login attempt to http://127.0.0.1:35473/v2/ failed with status: 429 Too Many Requests',
    'HTTP 429 Too Many Requests',
  ],
  [
    'login, connection reset',
    'Error response from daemon: Get "http://127.0.0.1:36091/v2/": read tcp 127.0.0.1:49262->127.0.0.1:36091: read: connection reset by peer',
    'connection reset by peer',
  ],
  [
    'login, registry down',
    'Error response from daemon: Get "http://127.0.0.1:36091/v2/": dial tcp 127.0.0.1:36091: connect: connection refused',
    'connection refused',
  ],
  [
    'login, no answer',
    'Error response from daemon: Get "http://127.0.0.1:39065/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    'request canceled',
  ],
  [
    'login, deadline',
    'Error response from daemon: Get "http://127.0.0.1:39065/v2/": context deadline exceeded',
    'context deadline exceeded',
  ],
  [
    'push, manifest PUT answered 503',
    'received unexpected HTTP status: 503 Service Unavailable',
    'HTTP 503 Service Unavailable',
  ],
  [
    'push, ping reset',
    'Get "http://127.0.0.1:44015/v2/": read tcp 127.0.0.1:36140->127.0.0.1:44015: read: connection reset by peer',
    'connection reset by peer',
  ],
  [
    'push, manifest PUT reset',
    'Put "http://127.0.0.1:44919/v2/pk-cap/app/manifests/2": read tcp 127.0.0.1:59542->127.0.0.1:44919: read: connection reset by peer',
    'connection reset by peer',
  ],
  [
    'push, rate limited (registry error document)',
    'toomanyrequests: flaky proxy: 429',
    'HTTP 429 Too Many Requests',
  ],
  [
    'push, 429 with a body that is not JSON',
    `error parsing HTTP 429 response body: invalid character 'l' in literal false (expecting 'a'): "flaky proxy: 429\\n"`,
    'HTTP 429',
  ],
  [
    'pull, manifest answered 503',
    'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable',
    'HTTP 503 Service Unavailable',
  ],
  [
    'pull, manifest answered 500',
    'Error response from daemon: received unexpected HTTP status: 500 Internal Server Error',
    'HTTP 500 Internal Server Error',
  ],
  [
    'pull, Docker Hub rate limit',
    'Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
    'HTTP 429 Too Many Requests',
  ],
  [
    'pull, manifest HEAD reset',
    'Error response from daemon: Head "http://127.0.0.1:35473/v2/pk-cap/app/manifests/3": read tcp 127.0.0.1:36298->127.0.0.1:35473: read: connection reset by peer',
    'connection reset by peer',
  ],
]

const final: ReadonlyArray<readonly [string, string]> = [
  [
    'login, wrong password',
    'Error response from daemon: login attempt to http://127.0.0.1:36091/v2/ failed with status: 401 Unauthorized',
  ],
  [
    'login, forbidden',
    'Error response from daemon: login attempt to http://127.0.0.1:35473/v2/ failed with status: 403 Forbidden',
  ],
  ['push, not allowed', 'denied: flaky proxy: 403'],
  ['push, not authorised', 'unauthorized: flaky proxy: 401'],
  ['push, no credentials', 'unauthorized: authentication required'],
  [
    'push, 403 with a body that is not JSON',
    `error parsing HTTP 403 response body: invalid character 'l' in literal false (expecting 'a'): "flaky proxy: 403\\n"`,
  ],
  ['pull, not authorised', 'Error response from daemon: unauthorized: flaky proxy: 401'],
  [
    'pull, denied',
    "Error response from daemon: pull access denied for 127.0.0.1:35473/pk-cap/app, repository does not exist or may require 'docker login': denied: flaky proxy: 403",
  ],
  [
    'pull, not logged in',
    'Error response from daemon: Head "http://127.0.0.1:36091/v2/pk-cap/app/manifests/1": no basic auth credentials',
  ],
  [
    'pull, tag missing',
    'Error response from daemon: manifest for 127.0.0.1:36091/pk-cap/app:nope not found: manifest unknown: manifest unknown',
  ],
  ['pull, bad reference', 'invalid reference format: repository name (pk-cap/UPPER) must be lowercase'],
  [
    'pull, unknown host',
    'Error response from daemon: Get "https://pk-no-such-host.invalid/v2/": dial tcp: lookup pk-no-such-host.invalid on 10.255.255.53:53: no such host',
  ],
  ['push, image not built', 'An image does not exist locally with the tag: 127.0.0.1:36091/pk-cap/app'],
]

describe('classifyRegistryFailure on real docker CLI errors', () => {
  it.each(transient)('%s: retried', (_name, output, reason) => {
    expect(classifyRegistryFailure(output)).toEqual({ transient: true, reason })
  })
  it.each(final)('%s: not retried', (_name, output) => {
    expect(classifyRegistryFailure(output).transient).toBe(false)
  })
  it('reads a port that looks like a status as a port', () => {
    expect(
      classifyRegistryFailure(
        'Error response from daemon: Get "http://127.0.0.1:401/v2/": dial tcp 127.0.0.1:401: connect: connection refused',
      ),
    ).toEqual({ transient: true, reason: 'connection refused' })
  })
})

const processResult = (exitCode: number, stderr = '', extra: Partial<ProcessResult> = {}): ProcessResult => ({
  command: 'docker',
  args: ['push', 'registry.test/app:1'],
  exitCode,
  signal: null,
  stdout: '',
  stderr,
  durationMs: 1,
  timedOut: false,
  ...extra,
})

/** A run that answers each attempt from the list, and the delays slept. */
function scripted(results: readonly ProcessResult[]) {
  const slept: number[] = []
  let calls = 0
  return {
    slept,
    calls: () => calls,
    run: async () => results[calls++]!,
    sleep: async (ms: number) => void slept.push(ms),
  }
}

const unavailable = 'received unexpected HTTP status: 503 Service Unavailable'

describe('retryRegistryOperation', () => {
  it('retries transient failures with exponential backoff and logs each attempt', async () => {
    const log = createRecordingLogger()
    const script = scripted([processResult(1, unavailable), processResult(1, unavailable), processResult(0)])
    const result = await retryRegistryOperation('docker push app:1', script.run, {
      log,
      sleep: script.sleep,
      random: () => 1,
    })
    expect(result.exitCode).toBe(0)
    expect(result.attempts).toBe(3)
    expect(script.slept).toEqual([backoffDelay(1, 1000, 8000, () => 1), backoffDelay(2, 1000, 8000, () => 1)])
    expect(script.slept).toEqual([1000, 2000])
    expect(log.lines.map((l) => l.message)).toEqual([
      'docker push app:1 failed on attempt 1 of 4 (HTTP 503 Service Unavailable); retrying in 1.0s',
      'docker push app:1 failed on attempt 2 of 4 (HTTP 503 Service Unavailable); retrying in 2.0s',
      'docker push app:1 succeeded on attempt 3 of 4',
    ])
  })

  it('gives up after the last attempt and returns its result', async () => {
    const log = createRecordingLogger()
    const script = scripted(Array.from({ length: 5 }, () => processResult(1, unavailable)))
    const result = await retryRegistryOperation('docker pull app:1', script.run, {
      log,
      sleep: script.sleep,
    })
    expect(script.calls()).toBe(4)
    expect(result).toMatchObject({ exitCode: 1, attempts: 4, stderr: unavailable })
    expect(log.lines.at(-1)?.message).toBe(
      'docker pull app:1 failed on attempt 4 of 4 (HTTP 503 Service Unavailable); no attempts left',
    )
    expect(describeAttempts(result.attempts)).toBe(' after 4 attempts')
  })

  it('never retries an authentication failure or a missing manifest', async () => {
    for (const stderr of [
      'Error response from daemon: login attempt to http://127.0.0.1:36091/v2/ failed with status: 401 Unauthorized',
      'Error response from daemon: manifest for 127.0.0.1:36091/pk-cap/app:nope not found: manifest unknown: manifest unknown',
    ]) {
      const log = createRecordingLogger()
      const script = scripted([processResult(1, stderr), processResult(0)])
      const result = await retryRegistryOperation('docker login', script.run, { log, sleep: script.sleep })
      expect(script.calls()).toBe(1)
      expect(result).toMatchObject({ exitCode: 1, attempts: 1 })
      expect(log.lines).toEqual([])
      expect(describeAttempts(result.attempts)).toBe('')
    }
  })

  it('stops when a retry meets a final failure, and says so', async () => {
    const log = createRecordingLogger()
    const script = scripted([
      processResult(1, unavailable),
      processResult(1, 'unauthorized: authentication required'),
    ])
    const result = await retryRegistryOperation('docker push app:1', script.run, { log, sleep: script.sleep })
    expect(result.attempts).toBe(2)
    expect(log.lines.at(-1)?.message).toBe(
      'docker push app:1 failed on attempt 2 of 4 (authentication or permission failure); not retried',
    )
  })

  it('does not retry a call that hit its own timeout', async () => {
    const script = scripted([processResult(143, '', { timedOut: true }), processResult(0)])
    const result = await retryRegistryOperation('docker pull app:1', script.run, {
      log: createRecordingLogger(),
      sleep: script.sleep,
    })
    expect(script.calls()).toBe(1)
    expect(result.timedOut).toBe(true)
  })

  it('retries a runner that throws ProcessError, and rethrows the last one', async () => {
    const failing = processResult(
      1,
      'Error response from daemon: Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
    )
    let calls = 0
    const error = await retryRegistryOperation(
      'docker login 127.0.0.1:1',
      async () => {
        calls++
        throw new ProcessError(`docker exited with code 1:\n${failing.stderr}`, failing)
      },
      { log: createRecordingLogger(), sleep: async () => {}, attempts: 3 },
    ).catch((e: unknown) => e)
    expect(calls).toBe(3)
    expect(error).toBeInstanceOf(ProcessError)
    const thrown = new ProcessError('x', failing)
    const succeeded = await retryRegistryOperation(
      'docker login',
      (() => {
        let n = 0
        return async () => {
          if (n++ === 0) throw thrown
          return processResult(0)
        }
      })(),
      { log: createRecordingLogger(), sleep: async () => {} },
    )
    expect(succeeded.attempts).toBe(2)
  })

  it('lets any other error through at once', async () => {
    let calls = 0
    await expect(
      retryRegistryOperation(
        'docker login',
        async () => {
          calls++
          throw new Error('docker was not found on PATH')
        },
        { log: createRecordingLogger(), sleep: async () => {} },
      ),
    ).rejects.toThrow('docker was not found on PATH')
    expect(calls).toBe(1)
  })
})
