import { runProcess, type Logger } from '@pipeline-kit/common'
import { statusOf, type Git } from './git'

export interface DistCheckOptions {
  /** Rebuilds the bundles (argument array); the dist paths must then be unchanged. */
  readonly buildCommand?: readonly string[]
  /** Alternatively, a command that exits non-zero when the bundles are stale. */
  readonly verifyCommand?: readonly string[]
  /** Paths (relative to the repository) whose committed content must match a fresh build. */
  readonly paths: readonly string[]
  readonly timeoutMs?: number
}

/**
 * The environment of the build or verify command: the step's without the action's
 * `INPUT_*` variables, so the build's dependencies never see `INPUT_GITHUB-TOKEN` (the
 * contents: write token the release pushes with).
 */
export function buildEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept = Object.entries(env).filter(
    ([name, value]) => value !== undefined && !name.startsWith('INPUT_'),
  )
  return Object.fromEntries(kept) as Record<string, string>
}

/**
 * Proves the committed bundles are what the source builds: runs the build command and
 * requires `git status --porcelain` of the dist paths to stay empty (new files count), or
 * runs the verify command. Returns undefined when current, else the refusal reason.
 */
export async function checkDist(
  git: Git,
  options: DistCheckOptions,
  log: Logger,
): Promise<string | undefined> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000
  if (options.verifyCommand?.length) {
    const [command, ...args] = options.verifyCommand
    const run = await runProcess(command!, args, {
      cwd: git.cwd,
      env: buildEnvironment(process.env),
      replaceEnv: true,
      okExitCodes: 'any',
      timeoutMs,
      logger: log,
      groupName: `Verify bundles: ${options.verifyCommand.join(' ')}`,
    })
    if (run.exitCode === 0 && !run.timedOut) return undefined
    return `The bundles are not current: '${options.verifyCommand.join(' ')}' ${run.timedOut ? 'timed out' : `exited with code ${run.exitCode}`}; rebuild and commit them before releasing`
  }
  const before = await statusOf(git, options.paths)
  if (before) {
    return `The working tree has uncommitted changes in ${options.paths.join(', ')} before the build:\n${before}\nRelease from a clean checkout`
  }
  const [command, ...args] = options.buildCommand ?? []
  const run = await runProcess(command!, args, {
    cwd: git.cwd,
    env: buildEnvironment(process.env),
    replaceEnv: true,
    okExitCodes: 'any',
    timeoutMs,
    logger: log,
    groupName: `Rebuild bundles: ${(options.buildCommand ?? []).join(' ')}`,
  })
  if (run.exitCode !== 0 || run.timedOut) {
    return `The build command '${(options.buildCommand ?? []).join(' ')}' ${run.timedOut ? 'timed out' : `exited with code ${run.exitCode}`}, so the bundles cannot be verified; fix the build first`
  }
  const after = await statusOf(git, options.paths)
  if (after) {
    const files = after.split('\n').map((line) => line.slice(3))
    return `The committed bundles are out of date: '${(options.buildCommand ?? []).join(' ')}' changed ${files.join(', ')}; run the build and commit ${options.paths.join(', ')} before releasing`
  }
  return undefined
}
