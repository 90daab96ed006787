import type { Logger } from '@pipeline-kit/common'

/** The part of an Octokit client the sticky comment uses (the one `gh.github(token)` returns). */
export interface CommentClient {
  paginate: {
    iterator(
      route: any,
      params: Record<string, unknown>,
    ): AsyncIterable<{
      data: readonly { id: number; body?: string | null; user?: { login?: string; type?: string } | null }[]
    }>
  }
  rest: {
    users: {
      getAuthenticated(): Promise<{ data: { login: string } }>
    }
    issues: {
      listComments: any
      createComment(params: {
        owner: string
        repo: string
        issue_number: number
        body: string
      }): Promise<{ data: { id: number; html_url: string } }>
      updateComment(params: {
        owner: string
        repo: string
        comment_id: number
        body: string
      }): Promise<{ data: { id: number; html_url: string } }>
    }
  }
}

export interface StickyCommentTarget {
  readonly owner: string
  readonly repo: string
  readonly issueNumber: number
  /** The hidden marker that identifies the comment; must be part of body. */
  readonly marker: string
  readonly body: string
}

export type StickyCommentResult =
  | { readonly action: 'created' | 'updated'; readonly id: number; readonly url: string }
  | { readonly action: 'forbidden'; readonly reason: string }

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as { status?: number }).status : undefined
}

/** Who writes with the workflow's GITHUB_TOKEN (the GitHub Actions app's bot user). */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

/**
 * The login the token writes comments as. `GET /user` names the user of a personal access
 * token; for an installation token such as the workflow's GITHUB_TOKEN it answers 403
 * ("Resource not accessible by integration"), and that token writes as github-actions[bot].
 */
export async function commentAuthor(client: Pick<CommentClient, 'rest'>): Promise<string> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login
  } catch (error) {
    if (status(error) === 403) return ACTIONS_BOT_LOGIN
    throw error
  }
}

/**
 * Creates the pull request's coverage comment once and then updates it in place: the
 * existing one is the first comment written by the token's own identity (see
 * commentAuthor) that holds the hidden marker, looked for across every page of comments,
 * so there is never a second. Anyone else's comment holding the marker (a user quoting
 * it, another bot) is never touched. A token that may not write (pull requests from forks, read-only
 * permissions) gives `forbidden` instead of an error, so the caller can fall back to the
 * job summary.
 */
export async function upsertStickyComment(
  client: CommentClient,
  target: StickyCommentTarget,
  log: Logger,
): Promise<StickyCommentResult> {
  if (!target.body.includes(target.marker)) throw new Error('the comment body must contain its marker')
  const { owner, repo, issueNumber: issue_number } = target
  try {
    const author = (await commentAuthor(client)).toLowerCase()
    log.info(`Looking for the coverage comment written by ${author}`)
    let existing: number | undefined
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    })) {
      const found = page.data.find(
        (c) => c.user?.login?.toLowerCase() === author && c.body?.includes(target.marker),
      )
      if (found) {
        existing = found.id
        break
      }
    }
    if (existing !== undefined) {
      const { data } = await client.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing,
        body: target.body,
      })
      log.info(`Updated the coverage comment ${data.html_url}`)
      return { action: 'updated', id: data.id, url: data.html_url }
    }
    const { data } = await client.rest.issues.createComment({ owner, repo, issue_number, body: target.body })
    log.info(`Created the coverage comment ${data.html_url}`)
    return { action: 'created', id: data.id, url: data.html_url }
  } catch (error) {
    const code = status(error)
    if (code === 403 || code === 404) {
      const reason =
        `the token may not comment on pull request #${issue_number} (HTTP ${code}): ` +
        'pull requests from forks get a read-only token, and the workflow needs `permissions: pull-requests: write`'
      log.warning(`Coverage comment not posted: ${reason}. The report is in the job summary.`)
      return { action: 'forbidden', reason }
    }
    throw error
  }
}
