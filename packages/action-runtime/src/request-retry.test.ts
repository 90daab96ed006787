import { createRecordingLogger, ApiRequestError } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  readRetryPolicy,
  requestRetry,
  retryDelay,
  type RequestRetryPolicy,
} from './request-retry'

const httpError = (status: number, message = 'x', headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { status, headers, data: {} } })
// What @octokit/request throws when fetch itself fails: status 500, no response.
const networkError = (cause: Error) =>
  Object.assign(new Error(cause.message), {
    status: 500,
    cause: Object.assign(new TypeError('fetch failed'), { cause }),
  })

describe('classifyFailure', () => {
  it('retries server errors, 429 and network errors; passes other answers and rate limits on', () => {
    expect(classifyFailure(httpError(500))).toMatchObject({ retry: true, detail: '500', status: 500 })
    expect(classifyFailure(httpError(503, 'x', { 'retry-after': '2' }))).toMatchObject({
      retry: true,
      retryAfterMs: 2000,
    })
    expect(classifyFailure(httpError(429))).toMatchObject({ retry: true, detail: '429' })
    expect(classifyFailure(httpError(422))).toMatchObject({ retry: false, status: 422 })
    expect(classifyFailure(httpError(404))).toMatchObject({ retry: false })
    expect(classifyFailure(httpError(429, 'x', { 'x-ratelimit-remaining': '0' }))).toMatchObject({
      retry: false,
    })
    expect(classifyFailure(httpError(403, 'You have exceeded a secondary rate limit'))).toMatchObject({
      retry: false,
    })
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND api.example'), { code: 'ENOTFOUND' })
    expect(classifyFailure(networkError(dns))).toEqual({
      retry: true,
      detail: 'getaddrinfo ENOTFOUND api.example',
    })
    const reset = Object.assign(new Error(''), { code: 'ECONNRESET' })
    expect(classifyFailure(networkError(reset))).toMatchObject({ retry: true, detail: 'ECONNRESET' })
    const refused = new AggregateError([new Error('connect ECONNREFUSED ::1:9')], '')
    expect(classifyFailure(networkError(refused))).toMatchObject({ detail: 'connect ECONNREFUSED ::1:9' })
    expect(classifyFailure(new Error('aborted'), 30_000)).toEqual({
      retry: true,
      detail: 'no answer within 30s',
    })
  })
})

describe('retryDelay and readRetryPolicy', () => {
  it('doubles from the backoff, waits at least Retry-After, never past the cap', () => {
    const policy = DEFAULT_RETRY_POLICY
    expect([1, 2, 3].map((n) => retryDelay(policy, n))).toEqual([1000, 2000, 4000])
    expect(retryDelay(policy, 1, 5000)).toBe(5000)
    expect(retryDelay(policy, 1, 3_600_000)).toBe(60_000)
  })

  it('reads PIPELINE_KIT_API_* overrides and warns about, then ignores, bad ones', () => {
    expect(readRetryPolicy({})).toEqual(DEFAULT_RETRY_POLICY)
    const log = createRecordingLogger()
    const policy = readRetryPolicy(
      {
        PIPELINE_KIT_API_ATTEMPTS: '2',
        PIPELINE_KIT_API_TIMEOUT_MS: '250',
        PIPELINE_KIT_API_BACKOFF_MS: 'fast',
      },
      log,
    )
    expect(policy).toEqual({ ...DEFAULT_RETRY_POLICY, attempts: 2, timeoutMs: 250 })
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: "PIPELINE_KIT_API_BACKOFF_MS='fast' is not a positive whole number; using 1000",
      },
    ])
  })
})

describe('requestRetry', () => {
  /** Runs one request through the plugin's hook, answering with the given outcomes in turn. */
  async function send(outcomes: (Error | 'ok' | 'hang')[], policy: Partial<RequestRetryPolicy> = {}) {
    let wrapped: ((request: any, options: any) => Promise<any>) | undefined
    const slept: number[] = []
    const log = createRecordingLogger()
    requestRetry({ ...DEFAULT_RETRY_POLICY, ...policy }, log, async (ms) => {
      slept.push(ms)
    })({ hook: { wrap: (_name, fn) => (wrapped = fn) } })
    const signals: AbortSignal[] = []
    const options = { method: 'POST', url: '/repos/{owner}/{repo}/check-runs', request: {} as any }
    let attempt = 0
    const request = (o: typeof options) => {
      signals.push(o.request.signal)
      const outcome = outcomes[attempt++]!
      if (outcome === 'ok') return Promise.resolve({ status: 201 })
      if (outcome === 'hang')
        return new Promise((_, reject) =>
          o.request.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        )
      return Promise.reject(outcome)
    }
    const result: { value?: unknown; error?: unknown } = await wrapped!(request, options).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    return { ...result, attempts: attempt, slept, signals, log }
  }

  it('retries a 5xx with doubling waits and succeeds', async () => {
    const sent = await send([httpError(502), httpError(500), 'ok'])
    expect(sent).toMatchObject({ value: { status: 201 }, attempts: 3, slept: [1000, 2000] })
    expect(sent.log.lines.map((l) => l.message)).toEqual([
      'GitHub API POST /repos/{owner}/{repo}/check-runs: 502; retrying in 1s (attempt 2 of 4)',
      'GitHub API POST /repos/{owner}/{repo}/check-runs: 500; retrying in 2s (attempt 3 of 4)',
    ])
    expect(new Set(sent.signals).size).toBe(3)
  })

  it('gives up after the last attempt with the status and the count', async () => {
    const sent = await send([httpError(500), httpError(500), httpError(500), httpError(503)])
    expect(sent.attempts).toBe(4)
    expect(sent.error).toBeInstanceOf(ApiRequestError)
    expect(sent.error).toMatchObject({ message: '503 after 4 attempts', status: 503, attempts: 4 })
  })

  it('passes a final answer on at once, unchanged', async () => {
    const refused = httpError(422, 'Validation Failed')
    const sent = await send([refused])
    expect(sent).toMatchObject({ error: refused, attempts: 1, slept: [] })
  })

  it('ends an attempt that gets no answer after timeoutMs', async () => {
    const sent = await send(['hang', 'hang'], { attempts: 2, timeoutMs: 20 })
    expect(sent.error).toMatchObject({ message: 'no answer within 20ms after 2 attempts', status: undefined })
  })
})
