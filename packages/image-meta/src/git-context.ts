/** The parts of a workflow run that image tags and labels are computed from. */
export interface GitRunInput {
  readonly eventName: string
  readonly ref: string
  readonly sha: string
  readonly payload: Readonly<Record<string, any>>
  readonly owner: string
  readonly repo: string
  readonly serverUrl: string
}

/** What the tag rules look at, derived once from the run. */
export interface GitContext {
  readonly eventName: string
  readonly ref: string
  readonly sha: string
  readonly shortSha: string
  /** The branch a push (or schedule, dispatch) ran on; the head branch of a pull request. */
  readonly branch?: string
  /** The git tag of a tag push or release, without refs/tags/. */
  readonly tag?: string
  readonly prNumber?: number
  /** The pull request's base branch. */
  readonly baseRef?: string
  readonly defaultBranch?: string
  /** A push-like event on the repository's default branch (never a pull request). */
  readonly isDefaultBranch: boolean
  readonly isPullRequest: boolean
  readonly repository: {
    readonly name: string
    readonly url: string
    readonly description?: string
    readonly license?: string
  }
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review'])

/** Derives branch, tag, pull request and repository facts from the event and ref. */
export function describeGitContext(run: GitRunInput): GitContext {
  const payload = run.payload ?? {}
  const isPullRequest = PULL_REQUEST_EVENTS.has(run.eventName) || Boolean(payload.pull_request)
  const pr = payload.pull_request as Record<string, any> | undefined
  const refMatch = /^refs\/(heads|tags|pull)\/(.+)$/.exec(run.ref)
  let branch: string | undefined
  let tag: string | undefined
  let prNumber: number | undefined
  if (isPullRequest) {
    const fromRef = refMatch?.[1] === 'pull' ? Number(/^(\d+)\//.exec(refMatch[2]!)?.[1]) : NaN
    const number = Number(pr?.number ?? payload.number ?? fromRef)
    prNumber = Number.isInteger(number) && number > 0 ? number : undefined
    branch = typeof pr?.head?.ref === 'string' ? pr.head.ref : undefined
  } else if (refMatch?.[1] === 'heads') {
    branch = refMatch[2]
  } else if (refMatch?.[1] === 'tags') {
    tag = refMatch[2]
  }
  const repository = (payload.repository ?? {}) as Record<string, any>
  const defaultBranch = typeof repository.default_branch === 'string' ? repository.default_branch : undefined
  const license = repository.license?.spdx_id
  return {
    eventName: run.eventName,
    ref: run.ref,
    sha: run.sha,
    shortSha: run.sha.slice(0, 7),
    branch,
    tag,
    prNumber,
    baseRef: typeof pr?.base?.ref === 'string' ? pr.base.ref : undefined,
    defaultBranch,
    isDefaultBranch: !isPullRequest && branch !== undefined && branch === defaultBranch,
    isPullRequest,
    repository: {
      name: typeof repository.name === 'string' ? repository.name : run.repo,
      url:
        typeof repository.html_url === 'string'
          ? repository.html_url
          : `${run.serverUrl.replace(/\/$/, '')}/${run.owner}/${run.repo}`,
      description:
        typeof repository.description === 'string' && repository.description
          ? repository.description
          : undefined,
      license: typeof license === 'string' && license && license !== 'NOASSERTION' ? license : undefined,
    },
  }
}
