import { getOctokit } from '@actions/github'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '@pipeline-kit/common'
import { readRetryPolicy, requestRetry, type RequestRetryPolicy } from './request-retry'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  readonly token: string
  /** Defaults to GITHUB_API_URL, which GitHub Enterprise Server runners set. */
  readonly baseUrl?: string
  readonly log: Logger
  /** Retries after a rate limit before giving up. */
  readonly maxRateLimitRetries?: number
  /**
   * Attempts, per-attempt timeout and backoff; unset fields come from readRetryPolicy
   * (4 attempts, 30 s each, 1 s doubling, or the PIPELINE_KIT_API_* environment).
   */
  readonly retry?: Partial<RequestRetryPolicy>
}

/**
 * Octokit with a timeout on every request, retries with exponential backoff on 5xx, 429 and
 * network errors (see requestRetry) and throttling on primary and secondary rate limits,
 * pointed at GITHUB_API_URL so GitHub Enterprise Server works unchanged. Name each call with
 * `apiCall` so its failure says what could not be done.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxRetries = options.maxRateLimitRetries ?? 3
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const policy = { ...readRetryPolicy(process.env, options.log), ...options.retry }
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount < maxRetries) {
        options.log.warning(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`,
        )
        return true
      }
      options.log.warning(`GitHub ${kind} rate limit on ${request.method} ${request.url}; giving up`)
      return false
    }
  return getOctokit(
    options.token,
    {
      baseUrl,
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
    },
    requestRetry(policy, options.log),
    throttling,
  )
}
