import { runProcess, UserError, type Logger } from '@pipeline-kit/common'
import type { CommitInfo } from './notes'

/** Runs git in a repository; every call is an argument array, never a shell string. */
export interface Git {
  readonly cwd: string
  run(
    args: readonly string[],
    options?: { env?: Record<string, string>; okExitCodes?: number[] },
  ): Promise<GitResult>
}

export interface GitResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * A Git over the repository at cwd; commands and their failures are logged at debug level.
 * `env` goes to every command (the remote credential of remoteAuthEnv).
 */
export function createGit(cwd: string, log: Logger, env: Record<string, string> = {}): Git {
  return {
    cwd,
    async run(args, options = {}) {
      log.debug(`git ${args.join(' ')}`)
      const result = await runProcess('git', args, {
        cwd,
        env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env, ...options.env },
        okExitCodes: options.okExitCodes ?? [0],
        timeoutMs: 300_000,
      })
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
    },
  }
}

/** Fails with a UserError unless cwd is a full (not shallow) clone with a remote. */
export async function assertFullClone(git: Git, remote: string): Promise<void> {
  const inside = await git.run(['rev-parse', '--is-inside-work-tree'], { okExitCodes: [0, 128] })
  if (inside.stdout.trim() !== 'true') {
    throw new UserError(`${git.cwd} is not a git checkout: run actions/checkout (with fetch-depth: 0) first`)
  }
  const shallow = await git.run(['rev-parse', '--is-shallow-repository'])
  if (shallow.stdout.trim() === 'true') {
    throw new UserError(
      'The checkout is shallow: set fetch-depth: 0 on actions/checkout, so the release notes and the branch check see the whole history',
    )
  }
  const remotes = (await git.run(['remote'])).stdout.split('\n').map((r) => r.trim())
  if (!remotes.includes(remote)) {
    throw new UserError(
      `The checkout has no remote '${remote}' to push tags to (remotes: ${remotes.filter(Boolean).join(', ') || 'none'})`,
    )
  }
}

/** The commit HEAD points at. */
export async function headCommit(git: Git): Promise<string> {
  return (await git.run(['rev-parse', 'HEAD^{commit}'])).stdout.trim()
}

/** The commit a local tag points to (annotated tags peeled), or undefined. */
export async function localTagCommit(git: Git, tag: string): Promise<string | undefined> {
  const result = await git.run(['rev-parse', '-q', '--verify', `refs/tags/${tag}^{commit}`], {
    okExitCodes: [0, 1, 128],
  })
  return result.exitCode === 0 ? result.stdout.trim() : undefined
}

/** `git ls-remote` of one namespace: ref name (without prefix) → commit (annotated tags peeled). */
export async function listRemoteRefs(
  git: Git,
  remote: string,
  kind: 'tags' | 'heads',
): Promise<Map<string, string>> {
  const out = (await git.run(['ls-remote', `--${kind}`, remote])).stdout
  const prefix = `refs/${kind}/`
  const refs = new Map<string, string>()
  const peeled = new Map<string, string>()
  for (const line of out.split('\n')) {
    const [sha, ref] = line.trim().split(/\s+/)
    if (!sha || !ref?.startsWith(prefix)) continue
    const name = ref.slice(prefix.length)
    if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), sha)
    else refs.set(name, sha)
  }
  for (const [name, sha] of peeled) refs.set(name, sha)
  return refs
}

/**
 * The branches (of those given, as name → tip commit) whose history contains commit.
 * Their objects are fetched without creating or moving any local ref.
 */
export async function branchesContaining(
  git: Git,
  remote: string,
  commit: string,
  branches: ReadonlyMap<string, string>,
): Promise<string[]> {
  if (branches.size === 0) return []
  await git.run([
    'fetch',
    '--no-tags',
    '--no-write-fetch-head',
    '--quiet',
    remote,
    ...[...branches.keys()].map((b) => `refs/heads/${b}`),
  ])
  const containing: string[] = []
  for (const [name, tip] of branches) {
    const result = await git.run(['merge-base', '--is-ancestor', commit, tip], { okExitCodes: [0, 1] })
    if (result.exitCode === 0) containing.push(name)
  }
  return containing
}

/** Makes sure a commit a remote tag points to is present locally (objects only, no refs). */
export async function ensureTagObjects(git: Git, remote: string, tag: string, commit: string): Promise<void> {
  const present = await git.run(['cat-file', '-e', `${commit}^{commit}`], { okExitCodes: [0, 1, 128] })
  if (present.exitCode !== 0) {
    await git.run(['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', remote, `refs/tags/${tag}`])
  }
}

const FIELD = '\x1f'
const RECORD = '\x1e'

/** Non-merge commits reachable from `to` but not from `from`, newest first (at most `limit`). */
export async function readCommits(
  git: Git,
  from: string | undefined,
  to: string,
  limit = 1000,
): Promise<CommitInfo[]> {
  const range = from ? `${from}..${to}` : to
  const out = await git.run([
    'log',
    '--no-merges',
    `--max-count=${limit}`,
    `--format=%H${FIELD}%an${FIELD}%ae${FIELD}%s${FIELD}%b${RECORD}`,
    range,
    '--',
  ])
  return out.stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.includes(FIELD))
    .map((record) => {
      const [sha = '', authorName = '', authorEmail = '', subject = '', body = ''] = record.split(FIELD)
      return { sha, authorName, authorEmail, subject, body: body.trim() }
    })
}

/**
 * `git status --porcelain` of the given paths, untracked files included: empty when clean.
 * A path with a wildcard also covers the files below the folders it matches, as a user
 * expects of a dist folder pattern (a git pathspec with a wildcard must match whole paths).
 */
export async function statusOf(git: Git, paths: readonly string[]): Promise<string> {
  const pathspecs = paths.flatMap((p) => (/[*?[]/.test(p) ? [p, `${p.replace(/\/+$/, '')}/*`] : [p]))
  return (
    await git.run(['status', '--porcelain', '--untracked-files=all', '--', ...pathspecs])
  ).stdout.trimEnd()
}

/** The identity annotated tags are made with when the checkout has none configured. */
export const BOT_IDENTITY = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
} as const

/** Creates an annotated tag; the tagger is the configured git user, else github-actions[bot]. */
export async function createAnnotatedTag(
  git: Git,
  tag: string,
  commit: string,
  message: string,
): Promise<void> {
  const configured = await git.run(['config', 'user.email'], { okExitCodes: [0, 1] })
  const env: Record<string, string> = configured.stdout.trim()
    ? {}
    : { GIT_COMMITTER_NAME: BOT_IDENTITY.name, GIT_COMMITTER_EMAIL: BOT_IDENTITY.email }
  await git.run(['tag', '--annotate', '--message', message, tag, commit], { env })
}

/** The HTTP `Authorization` header value git sends for a GitHub token, as actions/checkout writes it. */
export function tokenAuthorization(token: string): string {
  return `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
}

/**
 * Environment that has git commands send `authorization` to `serverUrl`: an
 * `http.<server>/.extraheader` given through GIT_CONFIG_COUNT/KEY/VALUE (git 2.31+), so the
 * credential is in neither argv nor .git/config and lives only as long as each command.
 * Empty when the checkout already persists a header for the server (actions/checkout's
 * default), since a second Authorization header is refused.
 */
export async function remoteAuthEnv(
  git: Git,
  serverUrl: string,
  authorization: string | undefined,
): Promise<Record<string, string>> {
  if (!authorization) return {}
  const key = `http.${new URL(serverUrl).origin}/.extraheader`
  const persisted = await git.run(['config', '--get-all', key], { okExitCodes: [0, 1] })
  if (persisted.stdout.trim()) return {}
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: ${authorization}`,
  }
}

/**
 * Pushes tags in one atomic push; `force` moves tags that already exist on the remote.
 * `env` carries the push credential (pushAuthEnv).
 */
export async function pushTags(
  git: Git,
  remote: string,
  tags: readonly string[],
  force: boolean,
  env: Record<string, string> = {},
): Promise<void> {
  await git.run(
    [
      'push',
      '--atomic',
      ...(force ? ['--force'] : []),
      remote,
      ...tags.map((t) => `refs/tags/${t}:refs/tags/${t}`),
    ],
    { env },
  )
}

/** Points lightweight tags at a commit, replacing them locally when they exist. */
export async function setFloatingTags(git: Git, tags: readonly string[], commit: string): Promise<void> {
  for (const tag of tags) await git.run(['tag', '--force', tag, commit])
}
