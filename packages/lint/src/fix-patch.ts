import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runProcess, UserError } from '@pipeline-kit/common'

/** A snapshot of a working tree as a git tree object, made without touching the user's index. */
export interface TreeSnapshot {
  /** The repository's top-level folder. */
  readonly top: string
  readonly tree: string
}

/**
 * Records every file in the working tree that git would track (ignored files excluded) as
 * a tree object, through a throwaway index file, so the user's staging area is untouched.
 * Throws a UserError when cwd is not in a git checkout (`fix: true` needs one).
 */
export async function captureTree(cwd: string): Promise<TreeSnapshot> {
  let top: string
  try {
    top = (await runProcess('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim()
  } catch {
    throw new UserError(
      `Input 'fix' is true but ${cwd} is not a git checkout: the patch of fixes is computed with git (use actions/checkout first)`,
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'pk-lint-index-'))
  const env = { GIT_INDEX_FILE: join(dir, 'index') }
  try {
    await runProcess('git', ['add', '--all', '--', '.'], { cwd: top, env })
    const tree = (await runProcess('git', ['write-tree'], { cwd: top, env })).stdout.trim()
    return { top, tree }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The binary-safe patch from one snapshot to another (empty when nothing changed). */
export async function diffTrees(before: TreeSnapshot, after: TreeSnapshot): Promise<string> {
  const result = await runProcess(
    'git',
    ['diff', '--binary', '--no-color', '--no-ext-diff', before.tree, after.tree],
    {
      cwd: before.top,
    },
  )
  return result.stdout
}
