import { execFileSync } from 'node:child_process'

/** The commit a push delivers, as `git log` describes it. */
export interface HeadCommit {
  readonly sha: string
  readonly treeSha: string
  /** The first parent, or undefined for a root commit. */
  readonly parentSha?: string
  readonly message: string
  /** ISO 8601 with offset, as GitHub writes `head_commit.timestamp`. */
  readonly timestamp: string
  readonly author: { readonly name: string; readonly email: string }
  readonly committer: { readonly name: string; readonly email: string }
}

export interface PushEventOptions {
  /** Full ref (`refs/heads/main`, `refs/tags/v1.0.0`). */
  readonly ref: string
  readonly sha: string
  /** `owner/name`. */
  readonly repository: string
  readonly defaultBranch: string
  /** Who pushed: `pusher.name` and `sender.login`. */
  readonly actor: string
  /** The pushed commit; without it `head_commit` is null and `before` is all zeros. */
  readonly commit?: HeadCommit
  readonly serverUrl?: string
}

const ZERO_SHA = '0000000000000000000000000000000000000000'

/**
 * A `push` webhook payload as GitHub delivers it for one new commit on a ref: ref,
 * before/after, compare URL, commits and head_commit, pusher, repository (with
 * default_branch) and sender. Ids GitHub assigns (repository id, node ids) are 0/empty.
 */
export function createPushPayload(options: PushEventOptions): Record<string, unknown> {
  const server = options.serverUrl ?? 'https://github.com'
  const htmlUrl = `${server}/${options.repository}`
  const before = options.commit?.parentSha ?? ZERO_SHA
  const commit = options.commit
  const headCommit = commit
    ? {
        id: commit.sha,
        tree_id: commit.treeSha,
        distinct: true,
        message: commit.message,
        timestamp: commit.timestamp,
        url: `${htmlUrl}/commit/${commit.sha}`,
        author: { ...commit.author },
        committer: { ...commit.committer },
        added: [],
        removed: [],
        modified: [],
      }
    : null
  return {
    ref: options.ref,
    before,
    after: options.sha,
    base_ref: null,
    created: before === ZERO_SHA,
    deleted: false,
    forced: false,
    compare: `${htmlUrl}/compare/${before.slice(0, 12)}...${options.sha.slice(0, 12)}`,
    commits: headCommit ? [headCommit] : [],
    head_commit: headCommit,
    pusher: { name: options.actor, email: null },
    repository: {
      ...repositoryPayload(options.repository, options.defaultBranch, server),
      master_branch: options.defaultBranch,
    },
    sender: senderPayload(options.actor, server),
  }
}

/** The `repository` object of a webhook payload for `owner/name`. */
export function repositoryPayload(
  repository: string,
  defaultBranch: string,
  server = 'https://github.com',
): Record<string, unknown> {
  const [owner = repository, name = repository] = repository.split('/')
  const htmlUrl = `${server}/${repository}`
  return {
    id: 0,
    node_id: '',
    name,
    full_name: repository,
    private: true,
    owner: { login: owner, name: owner, id: 0, type: 'User', html_url: `${server}/${owner}` },
    html_url: htmlUrl,
    url: htmlUrl,
    clone_url: `${htmlUrl}.git`,
    default_branch: defaultBranch,
  }
}

/** The `sender` object of a webhook payload: the user the event came from. */
export function senderPayload(login: string, server = 'https://github.com'): Record<string, unknown> {
  return { login, id: 0, type: 'User', html_url: `${server}/${login}` }
}

/** The HEAD commit of a git working tree, or undefined outside git or before the first commit. */
export function readHeadCommit(source: string): HeadCommit | undefined {
  let out: string
  try {
    out = execFileSync(
      'git',
      ['log', '-1', '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%cI%x00%B'],
      {
        cwd: source,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
  } catch {
    return undefined
  }
  const [sha = '', treeSha = '', parents = '', an = '', ae = '', cn = '', ce = '', timestamp = '', ...body] =
    out.split('\0')
  if (!/^[0-9a-f]{40}$/.test(sha)) return undefined
  return {
    sha,
    treeSha,
    parentSha: parents.split(' ').find((p) => p !== ''),
    message: body.join('\0').replace(/\n+$/, ''),
    timestamp,
    author: { name: an, email: ae },
    committer: { name: cn, email: ce },
  }
}
