import { redactUrl, type Logger } from '@pipeline-kit/common'
import {
  checkLatency,
  checkResponse,
  latencyStats,
  type AssertionFailure,
  type Expectations,
  type LatencyStats,
} from './assertions'
import { backoffDelay } from './backoff'
import { HttpRequestError, sendRequest, type HttpRequestSpec, type HttpResponse } from './http-request'

export interface ProbeTarget {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

export interface ProbeOptions {
  readonly expect: Expectations
  /** Total time to wait for the target to pass (readiness deadline). */
  readonly timeoutMs: number
  readonly requestTimeoutMs: number
  /** First retry delay; doubles each attempt up to maxIntervalMs, with jitter. */
  readonly intervalMs: number
  readonly maxIntervalMs: number
  /** Requests measured for latency once the target is ready (the ready response counts). */
  readonly samples: number
  readonly followRedirects: boolean
  readonly insecureTls: boolean
}

/** Side effects a probe needs, injectable for tests. */
export interface ProbeDeps {
  readonly send: (spec: HttpRequestSpec) => Promise<HttpResponse>
  readonly sleep: (ms: number) => Promise<void>
  readonly now: () => number
  readonly random: () => number
  readonly log: Logger
}

export interface AttemptRecord {
  readonly attempt: number
  /** Milliseconds since the probe of this target started. */
  readonly atMs: number
  readonly status?: number
  readonly latencyMs?: number
  readonly error?: string
  readonly failures: readonly string[]
}

export interface TargetReport {
  /** The target's URL as shown: a userinfo password is `***`. */
  readonly url: string
  readonly method: string
  readonly passed: boolean
  /** Whether any attempt passed the per-response assertions before the deadline. */
  readonly ready: boolean
  readonly attempts: readonly AttemptRecord[]
  readonly samples: readonly { readonly status: number; readonly latencyMs: number }[]
  readonly latency: LatencyStats
  readonly failures: readonly AssertionFailure[]
  readonly durationMs: number
}

export interface ProbeReport {
  readonly passed: boolean
  readonly failedCount: number
  readonly targets: readonly TargetReport[]
}

export const defaultProbeDeps = (log: Logger): ProbeDeps => ({
  send: sendRequest,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
  random: Math.random,
  log,
})

/** Probes every target concurrently against the same deadline. */
export async function probeAll(
  targets: readonly ProbeTarget[],
  options: ProbeOptions,
  deps: ProbeDeps,
): Promise<ProbeReport> {
  const reports = await Promise.all(targets.map((target) => probeTarget(target, options, deps)))
  const failedCount = reports.reduce((n, r) => n + r.failures.length, 0)
  return { passed: reports.every((r) => r.passed), failedCount, targets: reports }
}

/**
 * Waits until the target passes every per-response assertion (retrying with backoff until
 * the deadline), then takes the remaining latency samples and checks the latency budget.
 */
export async function probeTarget(
  target: ProbeTarget,
  options: ProbeOptions,
  deps: ProbeDeps,
): Promise<TargetReport> {
  const started = deps.now()
  const shownUrl = redactUrl(target.url)
  const deadline = started + options.timeoutMs
  const attempts: AttemptRecord[] = []
  const spec = (timeoutMs: number): HttpRequestSpec => ({
    ...target,
    timeoutMs,
    followRedirects: options.followRedirects,
    insecureTls: options.insecureTls,
  })
  let ready: HttpResponse | undefined
  let lastFailures: AssertionFailure[] = []
  for (let attempt = 1; ; attempt++) {
    const atMs = deps.now() - started
    const timeoutMs = Math.max(1, Math.min(options.requestTimeoutMs, deadline - deps.now()))
    try {
      const response = await deps.send(spec(timeoutMs))
      lastFailures = checkResponse(response, options.expect)
      attempts.push({
        attempt,
        atMs,
        status: response.status,
        latencyMs: response.latencyMs,
        failures: lastFailures.map((f) => f.message),
      })
      if (lastFailures.length === 0) {
        ready = response
        break
      }
    } catch (error) {
      const message = describeRequestError(error)
      lastFailures = [{ assertion: 'request', message }]
      attempts.push({ attempt, atMs, error: message, failures: [message] })
    }
    deps.log.info(
      `${target.method} ${shownUrl}: attempt ${attempt} not ready (${lastFailures.map((f) => f.message).join('; ')})`,
    )
    const delay = backoffDelay(attempt, options.intervalMs, options.maxIntervalMs, deps.random)
    if (deps.now() + delay >= deadline) break
    await deps.sleep(delay)
  }

  const samples: { status: number; latencyMs: number }[] = []
  const failures: AssertionFailure[] = []
  if (!ready) {
    failures.push(
      ...lastFailures.map((f) => ({
        ...f,
        message: `not ready after ${attempts.length} attempts in ${Math.round(options.timeoutMs / 1000)}s: ${f.message}`,
      })),
    )
  } else {
    samples.push({ status: ready.status, latencyMs: ready.latencyMs })
    for (let i = 2; i <= options.samples; i++) {
      try {
        const response = await deps.send(spec(options.requestTimeoutMs))
        samples.push({ status: response.status, latencyMs: response.latencyMs })
        for (const f of checkResponse(response, options.expect)) {
          failures.push({ ...f, message: `sample ${i}/${options.samples}: ${f.message}` })
        }
      } catch (error) {
        const message = describeRequestError(error)
        failures.push({ assertion: 'request', message: `sample ${i}/${options.samples}: ${message}` })
      }
    }
  }
  const latency = latencyStats(samples.map((s) => s.latencyMs))
  failures.push(...checkLatency(latency, options.expect))
  return {
    url: shownUrl,
    method: target.method,
    passed: failures.length === 0,
    ready: ready !== undefined,
    attempts,
    samples,
    latency,
    failures,
    durationMs: deps.now() - started,
  }
}

function describeRequestError(error: unknown): string {
  return redactUrl(error instanceof HttpRequestError ? error.message : String(error))
}
