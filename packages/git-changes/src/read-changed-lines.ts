import { runProcess, UserError } from '@pipeline-kit/common'
import type { ChangedFiles } from './line-ranges'
import { parseUnifiedDiff } from './parse-unified-diff'

export interface DiffCommits {
  readonly base: string
  readonly head: string
}

export interface ReadChangedLinesOptions extends DiffCommits {
  /** The git working tree (the workspace). */
  readonly cwd: string
}

/**
 * Lines changed between two commits of the local clone (`git diff base head`: for a
 * pull_request event, base is the base branch's tip and head the merge commit, so this is
 * exactly what the pull request changes). A commit missing from a shallow clone is a
 * UserError that says how to fetch it.
 */
export async function readChangedLines(options: ReadChangedLinesOptions): Promise<ChangedFiles> {
  const { cwd, base, head } = options
  for (const [role, sha] of [
    ['base', base],
    ['head', head],
  ] as const) {
    if (sha.startsWith('-') || !/^[\w./^~-]+$/.test(sha))
      throw new UserError(`The ${role} commit "${sha}" is not a commit id or ref name`)
    const found = await runProcess('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd, okExitCodes: 'any' })
    if (found.exitCode !== 0) {
      throw new UserError(
        `The ${role} commit ${sha} is not in the clone at ${cwd}: the checkout is too shallow. ` +
          'Check out with full history (actions/checkout with fetch-depth: 0), or fetch the commit (git fetch origin ' +
          `${sha}) before this step.`,
      )
    }
  }
  const diff = await runProcess(
    'git',
    [
      '-c',
      'core.quotePath=false',
      'diff',
      '--unified=0',
      '--no-color',
      '--no-ext-diff',
      '--find-renames',
      base,
      head,
      '--',
    ],
    { cwd, maxBufferBytes: 512 * 1024 * 1024 },
  )
  return parseUnifiedDiff(diff.stdout)
}

/** What a run context says about the commits to compare, when anything. */
export interface DiffContext {
  readonly eventName: string
  readonly payload: Record<string, any>
  readonly sha: string
}

const ZERO_SHA = /^0+$/

/**
 * The commits to diff for an event: pull requests compare the base branch's tip with the
 * checked-out commit (the merge commit for pull_request; the head for pull_request_target,
 * whose GITHUB_SHA is the base branch); pushes compare `before` with `after`. Undefined for
 * other events, a branch's first push, or a payload without the fields.
 */
export function resolveDiffCommits(
  context: DiffContext,
): (DiffCommits & { kind: 'pull_request' | 'push' }) | undefined {
  const { eventName, payload, sha } = context
  const pr = payload.pull_request
  if ((eventName === 'pull_request' || eventName === 'pull_request_target') && pr?.base?.sha) {
    const head = eventName === 'pull_request_target' ? pr.head?.sha : sha || pr.head?.sha
    return head ? { kind: 'pull_request', base: String(pr.base.sha), head: String(head) } : undefined
  }
  if (eventName === 'push' && typeof payload.before === 'string' && !ZERO_SHA.test(payload.before)) {
    const head = typeof payload.after === 'string' && !ZERO_SHA.test(payload.after) ? payload.after : sha
    return head ? { kind: 'push', base: payload.before, head } : undefined
  }
  return undefined
}
