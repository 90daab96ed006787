import { Timeline } from '@pipeline-kit/deployments'
import type { Logger } from '@pipeline-kit/common'
import type { SshDeps, SshRollbackOptions } from './deploy-release'
import { commandRunner } from './remote-command'
import { ACTIVATE } from './remote-scripts'
import { openSshSession, type SshSession } from './ssh-session'

/** What undoing a switch needs (kept in GITHUB_STATE by the deploy action until verified). */
export interface SshPending {
  /** The release `current` was switched to. */
  readonly releaseId: string
  /** The release `current` pointed at before; none on a first release. */
  readonly previous?: string
  /** `.releases` as it was before the switch. */
  readonly history: readonly string[]
}

/**
 * Undoes a switch the main step recorded but never verified (the job was cancelled or
 * timed out in between): the deploy action's post step calls it with the record from
 * GITHUB_STATE. Returns what was done.
 */
export async function recoverSshRelease(
  options: SshRollbackOptions,
  pending: SshPending,
  deps: Pick<SshDeps, 'logger' | 'timeline' | 'tempDir'>,
): Promise<string> {
  const timeline = deps.timeline ?? new Timeline()
  const session = openSshSession(options.target, deps.logger, deps.tempDir)
  try {
    return await timeline.step(
      'rollback',
      () => undoSwitch(session, options, pending, deps.logger),
      (d) => d,
    )
  } finally {
    await session.close()
  }
}

/**
 * Points `current` back at the previous release (or removes it on a first release),
 * restores `.releases`, removes the new release and reloads the previous one. Running it
 * twice is harmless, so the post step can repeat an interrupted or failed rollback.
 */
export async function undoSwitch(
  session: SshSession,
  options: Pick<SshRollbackOptions, 'deployPath' | 'reloadCommand' | 'commandTimeoutMs'>,
  pending: SshPending,
  logger: Logger,
): Promise<string> {
  const base = options.deployPath
  const { releaseId: id, previous } = pending
  await session.exec([
    'sh',
    '-c',
    ACTIVATE,
    'pk',
    base,
    previous ? `releases/${previous}` : '',
    ...pending.history,
    '--',
    id,
  ])
  if (previous && options.reloadCommand) {
    const runPrevious = commandRunner(session, logger, options.commandTimeoutMs, {
      DEPLOY_PATH: base,
      RELEASE_ID: previous,
      RELEASE_PATH: `${base}/releases/${previous}`,
      PREVIOUS_RELEASE_ID: id,
      PREVIOUS_RELEASE_PATH: `${base}/releases/${id}`,
    })
    await runPrevious('rollback', `${base}/current`, options.reloadCommand)
  }
  return previous
    ? `current points at ${previous} again${options.reloadCommand ? ' and the service was reloaded' : ''}; release ${id} removed`
    : `current removed (there was no earlier release); release ${id} removed`
}
