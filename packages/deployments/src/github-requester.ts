import { formatDuration } from '@pipeline-kit/common'

/**
 * The part of an Octokit client this package uses (structural, so the package does not
 * depend on @actions/github); `gh.github(token)` satisfies it.
 */
export interface GitHubRequester {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; data: unknown }>
}

/** GitHub caps a deployment status description at 140 characters. */
export const MAX_STATUS_DESCRIPTION = 140

/** Cuts a description to GitHub's limit, marking the cut. */
export function fitDescription(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= MAX_STATUS_DESCRIPTION ? flat : flat.slice(0, MAX_STATUS_DESCRIPTION - 1) + '…'
}

/** The HTTP status of an Octokit RequestError, if it is one. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** A call that got no answer within its deadline. */
export class ApiDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatDuration(timeoutMs)}`)
    this.name = 'ApiDeadlineError'
  }
}

/**
 * One request with an overall deadline (retries included): the request gets an abort
 * signal, and the wait ends at the deadline even if the client ignores the signal, so an
 * API that never answers cannot hold the step until the job's timeout.
 */
export async function requestWithin(
  client: GitHubRequester,
  route: string,
  parameters: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ status: number; data: unknown }> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new ApiDeadlineError(timeoutMs))
    }, timeoutMs)
  })
  try {
    return await Promise.race([
      client.request(route, { ...parameters, request: { signal: controller.signal } }),
      deadline,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * How a failed call ended, for a one-line message: the HTTP status (`500 after 4
 * attempts`) when GitHub answered, the network error (`connect ECONNREFUSED …`) when it
 * did not, or the deadline. The attempt count is the client's (`attempts` on the error,
 * or one more than Octokit's retry plugin's `retryCount`), shown when the call was retried.
 */
export function describeApiFailure(error: unknown): string {
  if (error instanceof ApiDeadlineError) return error.message
  const e = error as
    { status?: unknown; response?: unknown; message?: unknown; attempts?: unknown; request?: any } | undefined
  // Octokit's retry plugin counts the retries before the last attempt.
  const retries = e?.request?.request?.retryCount
  const attempts =
    typeof e?.attempts === 'number' ? e.attempts : typeof retries === 'number' ? retries + 1 : undefined
  const after = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : ''
  const status = httpStatusOf(error)
  if (status !== undefined && e?.response !== undefined) return `${status}${after}`
  const message = error instanceof Error ? error.message : String(error)
  return `${message.split('\n')[0]}${after}`
}
