import { basename } from 'node:path'
import { runProcess } from '@pipeline-kit/common'
import { readHeadCommit } from '@pipeline-kit/workflow-runner'
import type { GitFacts } from './run-event'

/** `owner/name` of a GitHub remote URL (https, ssh or scp-like), or undefined for another host. */
export function repositoryFromRemote(url: string): string | undefined {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)github\.com[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    )
  return match ? `${match[1]}/${match[2]}` : undefined
}

async function git(root: string, ...args: string[]): Promise<string | undefined> {
  try {
    const result = await runProcess('git', args, { cwd: root, okExitCodes: 'any', timeoutMs: 10_000 })
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  } catch {
    return undefined
  }
}

/** The top of the git working tree containing `cwd`, or `cwd` outside git. */
export async function findRepositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, 'rev-parse', '--show-toplevel')) || cwd
}

/**
 * What the repository says about itself for the default event: the checked-out branch,
 * the default branch (origin's HEAD, else init.defaultBranch, else main), `owner/name`
 * from the origin remote (else `local/<folder>`), and HEAD.
 */
export async function readGitFacts(root: string, user: string): Promise<GitFacts> {
  const [branch, originHead, initDefault, origin] = await Promise.all([
    git(root, 'symbolic-ref', '--quiet', '--short', 'HEAD'),
    git(root, 'symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'),
    git(root, 'config', 'init.defaultBranch'),
    git(root, 'remote', 'get-url', 'origin'),
  ])
  const folder = basename(root).replace(/[^A-Za-z0-9._-]/g, '-') || 'repository'
  return {
    branch: branch || undefined,
    defaultBranch: originHead?.replace(/^origin\//, '') || initDefault || 'main',
    repository: (origin && repositoryFromRemote(origin)) ?? `local/${folder}`,
    head: readHeadCommit(root),
    user,
  }
}
