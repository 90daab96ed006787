import { ApiRequestError, errorStatus, type Logger } from '@pipeline-kit/common'
import { formatMs } from './inputs'

/** How the GitHub client retries a request and how long each attempt may take. */
export interface RequestRetryPolicy {
  /** Attempts in total (1 = no retry). */
  readonly attempts: number
  /** How long one attempt may take, answer body included. */
  readonly timeoutMs: number
  /** The wait before the first retry; it doubles before each later one. */
  readonly backoffMs: number
  /** The longest wait, Retry-After included. */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RequestRetryPolicy = {
  attempts: 4,
  timeoutMs: 30_000,
  backoffMs: 1_000,
  maxDelayMs: 60_000,
}

const ENV = {
  attempts: 'PIPELINE_KIT_API_ATTEMPTS',
  timeoutMs: 'PIPELINE_KIT_API_TIMEOUT_MS',
  backoffMs: 'PIPELINE_KIT_API_BACKOFF_MS',
} as const

/**
 * The default policy with overrides from PIPELINE_KIT_API_ATTEMPTS, PIPELINE_KIT_API_TIMEOUT_MS
 * and PIPELINE_KIT_API_BACKOFF_MS (whole numbers; a job can set them with `env:`). A value that
 * is not a positive whole number is ignored with a warning rather than failing the step.
 */
export function readRetryPolicy(env: NodeJS.ProcessEnv = process.env, log?: Logger): RequestRetryPolicy {
  const policy: Record<keyof RequestRetryPolicy, number> = { ...DEFAULT_RETRY_POLICY }
  for (const [key, name] of Object.entries(ENV) as [keyof typeof ENV, string][]) {
    const text = env[name]?.trim()
    if (!text) continue
    if (/^\d+$/.test(text) && Number(text) >= 1) policy[key] = Number(text)
    else log?.warning(`${name}='${text}' is not a positive whole number; using ${policy[key]}`)
  }
  return policy
}

/** What one failed attempt means for the next. */
export interface AttemptFailure {
  readonly retry: boolean
  /** "500", "getaddrinfo ENOTFOUND api.example", "no answer within 30s". */
  readonly detail: string
  readonly status?: number
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs?: number
}

/**
 * Sorts a failed attempt: server errors (5xx), 429 and network errors (the API never
 * answered: DNS, refused or reset connections, timeouts) are worth another attempt; any
 * other answer is final. Rate limits (403/429 with x-ratelimit-remaining 0 or a secondary
 * limit message) are left to octokit's throttling, which waits for the reset.
 */
export function classifyFailure(error: unknown, timedOutAfterMs?: number): AttemptFailure {
  if (timedOutAfterMs !== undefined)
    return { retry: true, detail: `no answer within ${formatMs(timedOutAfterMs)}` }
  const status = errorStatus(error)
  const response = (error as { response?: { headers?: Record<string, string | undefined> } }).response
  if (status === undefined || !response) return { retry: true, detail: networkDetail(error) }
  const headers = response.headers ?? {}
  const message = error instanceof Error ? error.message : ''
  const rateLimited =
    (status === 403 || status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || /\bsecondary rate\b/i.test(message))
  const retryAfter = Number(headers['retry-after'])
  return {
    retry: !rateLimited && (status >= 500 || status === 429),
    detail: String(status),
    status,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  }
}

/** The wait before retry number `retry` (1 for the first): doubling, at least Retry-After, capped. */
export function retryDelay(policy: RequestRetryPolicy, retry: number, retryAfterMs = 0): number {
  return Math.min(Math.max(policy.backoffMs * 2 ** (retry - 1), retryAfterMs), policy.maxDelayMs)
}

/** The innermost reason a request got no answer ("getaddrinfo ENOTFOUND api.example"). */
function networkDetail(error: unknown): string {
  let current: unknown = error
  let best = ''
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof AggregateError && current.errors[0]) current = current.errors[0]
    const message = current instanceof Error ? current.message : ''
    if (message && message !== 'fetch failed') best = message
    const code = (current as { code?: unknown }).code
    if (!best && typeof code === 'string') best = code
    current = (current as { cause?: unknown }).cause
  }
  return best || 'no answer'
}

// Octokit's own hook types are not a dependency here; this is the part the plugin touches.
type RequestOptions = { method?: string; url?: string; request?: Record<string, unknown> }
type Request = (options: any) => unknown
interface HookedClient {
  hook: { wrap(name: 'request', fn: (request: Request, options: any) => Promise<any>): void }
}

/**
 * An octokit plugin: each attempt gets `policy.timeoutMs` (an API that accepts the
 * connection and never answers cannot hang the step), and a failure worth retrying is tried
 * again after an exponential backoff, up to `policy.attempts` in total. The last failure
 * becomes an ApiRequestError ("500 after 4 attempts"); a final answer (4xx) is passed on
 * unchanged, so callers still see its status and GitHub's message.
 */
export function requestRetry(policy: RequestRetryPolicy, log: Logger, sleep = defaultSleep) {
  return (octokit: HookedClient): Record<string, never> => {
    octokit.hook.wrap('request', async (request, options: RequestOptions) => {
      const what = `${options.method ?? 'GET'} ${options.url ?? ''}`
      for (let attempt = 1; ; attempt++) {
        const signal = AbortSignal.timeout(policy.timeoutMs)
        // Inner hooks (auth) are bound to this same options object, so the signal goes on it.
        options.request = { ...options.request, signal }
        try {
          return await request(options)
        } catch (error) {
          const failure = classifyFailure(error, signal.aborted ? policy.timeoutMs : undefined)
          if (!failure.retry && failure.status !== undefined) throw error
          if (!failure.retry || attempt >= policy.attempts) {
            throw new ApiRequestError(failure.detail, {
              attempts: attempt,
              status: failure.status,
              response: (error as { response?: unknown }).response,
              cause: error,
            })
          }
          const delay = retryDelay(policy, attempt, failure.retryAfterMs)
          log.info(
            `GitHub API ${what}: ${failure.detail}; retrying in ${formatMs(delay)} (attempt ${attempt + 1} of ${policy.attempts})`,
          )
          await sleep(delay)
        }
      }
    })
    return {}
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
