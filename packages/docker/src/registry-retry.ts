import { backoffDelay, ProcessError, type Logger, type ProcessResult } from '@pipeline-kit/common'

/** Whether a failed `docker login`/`pull`/`push` is worth another attempt, and why. */
export interface RegistryFailure {
  readonly transient: boolean
  /** A few words for the log: `HTTP 503 Service Unavailable`, `connection reset by peer`, … */
  readonly reason: string
}

// "failed with status: 503 Service Unavailable" (login), "received unexpected HTTP status:
// 503 Service Unavailable" (pull, push), "error parsing HTTP 429 response body" (any).
const HTTP_STATUS = /(?:status:?|HTTP) ([1-5]\d\d)\b( [A-Z][A-Za-z' ]*[a-z])?/
const RATE_LIMITED = /toomanyrequests|too many requests/i
const AUTH_FAILURE =
  /unauthorized|authentication required|no basic auth credentials|incorrect username or password|\bdenied\b|forbidden/i
const NOT_THERE =
  /manifest unknown|name unknown|blob unknown|not found|does not exist|invalid reference format|no such host|gave HTTP response to HTTPS client|x509|certificate/i
const NETWORK_FAILURE =
  /connection reset by peer|connection refused|broken pipe|i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|request canceled|unexpected EOF|: EOF$|server misbehaving|network is unreachable|no route to host/im

/**
 * Classifies the error output of the docker CLI after a registry operation. Transient:
 * HTTP 5xx and 429 from the registry, connection resets, refusals and timeouts.
 * Everything else is final, above all an authentication or permission failure
 * (401/403) and a missing image ("manifest unknown"): another attempt cannot help and
 * would only lock an account or hide a typo.
 */
export function classifyRegistryFailure(output: string): RegistryFailure {
  const status = HTTP_STATUS.exec(output)
  const code = status ? Number(status[1]) : undefined
  const statusText = status ? `HTTP ${status[1]}${status[2] ?? ''}` : undefined
  if (code === 429 || RATE_LIMITED.test(output)) {
    return { transient: true, reason: statusText ?? 'HTTP 429 Too Many Requests' }
  }
  if (code === 401 || code === 403 || AUTH_FAILURE.test(output)) {
    return { transient: false, reason: statusText ?? 'authentication or permission failure' }
  }
  if (NOT_THERE.test(output)) return { transient: false, reason: 'not found or not reachable as named' }
  if (code !== undefined && code >= 500) return { transient: true, reason: statusText! }
  const network = NETWORK_FAILURE.exec(output)
  if (network) return { transient: true, reason: network[0].replace(/^: /, '') }
  return { transient: false, reason: statusText ?? 'not a transient failure' }
}

export interface RegistryRetryOptions {
  readonly log: Logger
  /** Attempts in all, the first included; default 4. */
  readonly attempts?: number
  /** Delay before the first retry (doubling, with jitter, up to maxDelayMs); default 1 s. */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  readonly sleep?: (ms: number) => Promise<void>
  readonly random?: () => number
}

/** The last attempt's result, and how many attempts it took. */
export type RegistryOperationResult = ProcessResult & { readonly attempts: number }

export const REGISTRY_ATTEMPTS = 4

/**
 * Runs a registry operation (`docker login`, `pull`, `push`) until it succeeds, fails
 * for good (see classifyRegistryFailure), times out, or has been tried `attempts`
 * times, waiting with exponential backoff in between. `run` may resolve with a failed
 * result or reject with a ProcessError; the last one is returned or rethrown as is.
 * Each retry and a late success are logged with the attempt number; the output itself
 * is never logged here (the caller reports the final failure).
 */
export async function retryRegistryOperation(
  label: string,
  run: () => Promise<ProcessResult>,
  options: RegistryRetryOptions,
): Promise<RegistryOperationResult> {
  const attempts = options.attempts ?? REGISTRY_ATTEMPTS
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  for (let attempt = 1; ; attempt++) {
    let result: ProcessResult
    let thrown: ProcessError | undefined
    try {
      result = await run()
    } catch (error) {
      if (!(error instanceof ProcessError)) throw error
      thrown = error
      result = error.result
    }
    if (result.exitCode === 0 && !result.timedOut) {
      if (attempt > 1) options.log.info(`${label} succeeded on attempt ${attempt} of ${attempts}`)
      return { ...result, attempts: attempt }
    }
    const failure = result.timedOut
      ? { transient: false, reason: 'timed out' }
      : classifyRegistryFailure(result.stderr.trim() || result.stdout.trim())
    if (!failure.transient || attempt >= attempts) {
      if (attempt > 1) {
        options.log.info(
          `${label} failed on attempt ${attempt} of ${attempts} (${failure.reason}); ${failure.transient ? 'no attempts left' : 'not retried'}`,
        )
      }
      if (thrown) throw thrown
      return { ...result, attempts: attempt }
    }
    const delay = backoffDelay(
      attempt,
      options.baseDelayMs ?? 1000,
      options.maxDelayMs ?? 8000,
      options.random,
    )
    options.log.info(
      `${label} failed on attempt ${attempt} of ${attempts} (${failure.reason}); retrying in ${(delay / 1000).toFixed(1)}s`,
    )
    await sleep(delay)
  }
}

/** " after 4 attempts" for a message about an operation that was retried; "" otherwise. */
export function describeAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : ''
}
