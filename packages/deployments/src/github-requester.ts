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
