import type { HttpResponse } from './http-request'
import { jsonValueEquals, readJsonPath } from './json-path'
import { percentile } from './backoff'
import { formatStatusRanges, statusMatches, type StatusRange } from './status-ranges'

/** What a response must satisfy. Empty lists assert nothing. */
export interface Expectations {
  readonly status: readonly StatusRange[]
  readonly bodyContains: readonly string[]
  readonly bodyRegex: readonly RegExp[]
  readonly json: readonly { readonly path: string; readonly expected: string }[]
  /** Header names (lower-cased) that must be present, with an exact value when given. */
  readonly headers: readonly { readonly name: string; readonly expected?: string }[]
  readonly maxLatencyMs?: number
  readonly p95LatencyMs?: number
}

export type AssertionKind =
  'request' | 'status' | 'body-contains' | 'body-regex' | 'json' | 'header' | 'max-latency' | 'p95-latency'

export interface AssertionFailure {
  readonly assertion: AssertionKind
  readonly message: string
}

/** Checks one response against every per-response expectation. */
export function checkResponse(response: HttpResponse, expect: Expectations): AssertionFailure[] {
  const failures: AssertionFailure[] = []
  if (expect.status.length > 0 && !statusMatches(response.status, expect.status)) {
    failures.push({
      assertion: 'status',
      message: `status ${response.status} is not in ${formatStatusRanges(expect.status)}`,
    })
  }
  for (const text of expect.bodyContains) {
    if (!response.body.includes(text)) {
      failures.push({ assertion: 'body-contains', message: `body does not contain ${JSON.stringify(text)}` })
    }
  }
  for (const regex of expect.bodyRegex) {
    if (!regex.test(response.body))
      failures.push({ assertion: 'body-regex', message: `body does not match ${regex}` })
  }
  if (expect.json.length > 0) failures.push(...checkJson(response.body, expect.json))
  for (const header of expect.headers) {
    const actual = response.headers[header.name]
    if (actual === undefined) {
      failures.push({ assertion: 'header', message: `header ${header.name} is missing` })
    } else if (header.expected !== undefined && actual !== header.expected) {
      failures.push({
        assertion: 'header',
        message: `header ${header.name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(header.expected)}`,
      })
    }
  }
  return failures
}

function checkJson(body: string, checks: Expectations['json']): AssertionFailure[] {
  let document: unknown
  try {
    document = JSON.parse(body)
  } catch {
    return [
      { assertion: 'json', message: `body is not JSON (starts with ${JSON.stringify(body.slice(0, 60))})` },
    ]
  }
  const failures: AssertionFailure[] = []
  for (const { path, expected } of checks) {
    const result = readJsonPath(document, path)
    if (!result.found) failures.push({ assertion: 'json', message: `JSON path ${path} not found` })
    else if (!jsonValueEquals(result.value, expected)) {
      failures.push({
        assertion: 'json',
        message: `JSON path ${path} is ${JSON.stringify(result.value)}, expected ${expected}`,
      })
    }
  }
  return failures
}

/** Latency statistics over the sampled requests, in milliseconds. */
export interface LatencyStats {
  readonly count: number
  readonly min: number
  readonly median: number
  readonly p95: number
  readonly max: number
}

export function latencyStats(latencies: readonly number[]): LatencyStats {
  return {
    count: latencies.length,
    min: latencies.length ? Math.min(...latencies) : 0,
    median: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.length ? Math.max(...latencies) : 0,
  }
}

/** Checks the latency budget (max and p95) over all samples. */
export function checkLatency(stats: LatencyStats, expect: Expectations): AssertionFailure[] {
  const failures: AssertionFailure[] = []
  if (stats.count === 0) return failures
  if (expect.maxLatencyMs !== undefined && stats.max > expect.maxLatencyMs) {
    failures.push({
      assertion: 'max-latency',
      message: `slowest response took ${Math.round(stats.max)} ms, over the ${expect.maxLatencyMs} ms budget`,
    })
  }
  if (expect.p95LatencyMs !== undefined && stats.p95 > expect.p95LatencyMs) {
    failures.push({
      assertion: 'p95-latency',
      message: `p95 latency ${Math.round(stats.p95)} ms over ${stats.count} samples is over the ${expect.p95LatencyMs} ms budget`,
    })
  }
  return failures
}
