import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import { backoffDelay, percentile } from './backoff'
import { jsonValueEquals, readJsonPath } from './json-path'
import { probeTarget, type ProbeDeps, type ProbeOptions } from './probe'
import { parseStatusRanges, statusMatches } from './status-ranges'
import type { HttpResponse } from './http-request'
import { HttpRequestError } from './http-request'
import { renderProbeSummary } from './render-summary'

describe('status ranges', () => {
  it('parses codes and ranges', () => {
    const ranges = parseStatusRanges('200-299, 304')
    expect(ranges).toEqual([
      { from: 200, to: 299 },
      { from: 304, to: 304 },
    ])
    expect(statusMatches(204, ranges)).toBe(true)
    expect(statusMatches(304, ranges)).toBe(true)
    expect(statusMatches(301, ranges)).toBe(false)
  })
  it.each(['200-', '99', '600', '299-200', 'abc', '20x', ''])('rejects %j', (text) => {
    expect(() => parseStatusRanges(text)).toThrow(/Input 'expect-status'/)
  })
})

describe('JSON paths', () => {
  const doc = {
    status: 'ok',
    data: { items: [{ name: 'a' }, { name: 'b' }], 'a.b': 1 },
    n: 3,
    flag: false,
    nil: null,
  }
  it.each([
    ['status', 'ok'],
    ['$.status', 'ok'],
    ['data.items[1].name', 'b'],
    ["data['a.b']", 1],
    ['flag', false],
    ['nil', null],
  ])('reads %s', (path, value) => expect(readJsonPath(doc, path)).toEqual({ found: true, value }))
  it.each(['missing', 'data.items[5]', 'status.deeper', 'data..x', 'data.items[x]'])('misses %s', (path) =>
    expect(readJsonPath(doc, path)).toEqual({ found: false }),
  )
  it('compares as JSON where the text parses, else as a string', () => {
    expect(jsonValueEquals(3, '3')).toBe(true)
    expect(jsonValueEquals('3', '3')).toBe(true)
    expect(jsonValueEquals(true, 'true')).toBe(true)
    expect(jsonValueEquals('ok', 'ok')).toBe(true)
    expect(jsonValueEquals([1, 2], '[1,2]')).toBe(true)
    expect(jsonValueEquals(null, 'null')).toBe(true)
    expect(jsonValueEquals(3, '4')).toBe(false)
    expect(jsonValueEquals({ a: 1 }, 'x')).toBe(false)
  })
})

describe('backoff and percentiles', () => {
  it('grows exponentially with bounded jitter and a cap', () => {
    expect(backoffDelay(1, 1000, 10_000, () => 0)).toBe(500)
    expect(backoffDelay(1, 1000, 10_000, () => 1)).toBe(1000)
    expect(backoffDelay(3, 1000, 10_000, () => 1)).toBe(4000)
    expect(backoffDelay(10, 1000, 10_000, () => 1)).toBe(10_000)
  })
  it('uses nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 95)).toBe(95)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 95)).toBe(0)
  })
})

describe('probeTarget with a scripted clock and responses', () => {
  const response = (status: number, body = '{}', latencyMs = 5): HttpResponse => ({
    status,
    headers: {},
    body,
    latencyMs,
    redirects: [],
    finalUrl: 'http://x',
  })
  const options = (over: Partial<ProbeOptions> = {}): ProbeOptions => ({
    expect: { status: parseStatusRanges('200'), bodyContains: [], bodyRegex: [], json: [], headers: [] },
    timeoutMs: 10_000,
    requestTimeoutMs: 1000,
    intervalMs: 1000,
    maxIntervalMs: 10_000,
    samples: 1,
    followRedirects: true,
    insecureTls: false,
    ...over,
  })
  const deps = (answers: (HttpResponse | Error)[]): ProbeDeps & { sleeps: number[] } => {
    let clock = 0
    const sleeps: number[] = []
    return {
      sleeps,
      send: async () => {
        const next = answers.shift() ?? new HttpRequestError('connection refused by x', 'ECONNREFUSED')
        if (next instanceof Error) throw next
        return next
      },
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      now: () => clock,
      random: () => 1,
      log: createRecordingLogger(),
    }
  }

  it('retries with doubling delays until ready', async () => {
    const d = deps([
      new HttpRequestError('connection refused by x', 'ECONNREFUSED'),
      response(503),
      response(200),
    ])
    const report = await probeTarget({ url: 'http://x', method: 'GET', headers: {} }, options(), d)
    expect(report.passed).toBe(true)
    expect(report.attempts.map((a) => a.status ?? a.error)).toEqual(['connection refused by x', 503, 200])
    expect(d.sleeps).toEqual([1000, 2000])
  })

  it('gives up at the deadline with the last failure', async () => {
    const d = deps(Array.from({ length: 20 }, () => response(500)))
    const report = await probeTarget(
      { url: 'http://x', method: 'GET', headers: {} },
      options({ timeoutMs: 5000 }),
      d,
    )
    expect(report.passed).toBe(false)
    expect(report.ready).toBe(false)
    expect(d.sleeps).toEqual([1000, 2000])
    expect(report.failures).toEqual([
      { assertion: 'status', message: 'not ready after 3 attempts in 5s: status 500 is not in 200' },
    ])
    expect(renderProbeSummary({ passed: false, failedCount: 1, targets: [report] })).toContain(
      '**status**: not ready after 3 attempts',
    )
  })

  it('shows a URL password as *** in attempt lines, the report and the summary, and sends the URL as given', async () => {
    const log = createRecordingLogger()
    const sent: string[] = []
    const scripted = deps([response(503), new HttpRequestError('connection refused by h', 'ECONNREFUSED')])
    const d: ProbeDeps = {
      ...scripted,
      log,
      send: (spec) => {
        sent.push(spec.url)
        return scripted.send(spec)
      },
    }
    const report = await probeTarget(
      { url: 'http://deploy:S3cret@h/health', method: 'GET', headers: {} },
      options({ timeoutMs: 2500 }),
      d,
    )
    expect(sent[0]).toBe('http://deploy:S3cret@h/health')
    expect(report.url).toBe('http://deploy:***@h/health')
    expect(log.lines[0]!.message).toBe(
      'GET http://deploy:***@h/health: attempt 1 not ready (status 503 is not in 200)',
    )
    const shown =
      JSON.stringify(report) +
      JSON.stringify(log.lines) +
      renderProbeSummary({ passed: false, failedCount: 1, targets: [report] })
    expect(shown).not.toContain('S3cret')
  })

  it('samples latency after readiness and checks the budget', async () => {
    const d = deps([
      response(200, '{}', 10),
      response(200, '{}', 20),
      response(200, '{}', 300),
      response(200, '{}', 40),
    ])
    const report = await probeTarget(
      { url: 'http://x', method: 'GET', headers: {} },
      options({ samples: 4, expect: { ...options().expect, maxLatencyMs: 250, p95LatencyMs: 1000 } }),
      d,
    )
    expect(report.latency).toEqual({ count: 4, min: 10, median: 20, p95: 300, max: 300 })
    expect(report.failures).toEqual([
      { assertion: 'max-latency', message: 'slowest response took 300 ms, over the 250 ms budget' },
    ])
  })
})
