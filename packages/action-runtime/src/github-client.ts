import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Logger } from '@pipeline-kit/common'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  readonly token: string
  /** Defaults to GITHUB_API_URL, which GitHub Enterprise Server runners set. */
  readonly baseUrl?: string
  readonly log: Logger
  /** Retries after a rate limit before giving up. */
  readonly maxRateLimitRetries?: number
}

/**
 * Octokit with retries on 5xx and throttling on primary and secondary rate limits,
 * pointed at GITHUB_API_URL so GitHub Enterprise Server works unchanged.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxRetries = options.maxRateLimitRetries ?? 3
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
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
      retry: { doNotRetry: [400, 401, 403, 404, 409, 422] },
    },
    retry,
    throttling,
  )
}
