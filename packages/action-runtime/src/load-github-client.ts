import type { GitHubClient, GitHubClientOptions } from './github-client'

/**
 * Octokit, its plugins and undici are half of a bundle; loaded on first use they stay in a
 * separate chunk, so an action that never calls the API does not pay for them at start.
 */
export async function loadGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
  const { createGitHubClient } = await import('./github-client')
  return createGitHubClient(options)
}
