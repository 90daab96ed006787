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
