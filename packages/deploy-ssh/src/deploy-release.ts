import { existsSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { describeError, ProcessError, UserError, type Logger } from '@pipeline-kit/common'
import {
  DeployError,
  runVerifyStep,
  Timeline,
  type RollbackJournal,
  type TimelineEntry,
  type Verify,
} from '@pipeline-kit/deployments'
import { parseHostState, previousRelease, releasesToPrune, type HostState } from './release'
import { ACTIVATE, EXISTS_EXIT_CODE, PREPARE, PRUNE, UNPACK } from './remote-scripts'
import { commandRunner } from './remote-command'
import { shellJoin } from './shell-quote'
import { openSshSession, type SshSession, type SshTarget } from './ssh-session'
import { undoSwitch, type SshPending } from './undo-switch'

export type TransferMethod = 'auto' | 'rsync' | 'scp'

export interface SshDeployOptions {
  readonly target: SshTarget
  /** The application's directory on the host: releases/, current and .releases live there. */
  readonly deployPath: string
  readonly releaseId: string
  /** A local directory, or a .tar / .tar.gz / .tgz archive, to upload as the release. */
  readonly source: string
  readonly transfer: TransferMethod
  /** Live releases kept on the host (current included). */
  readonly keep: number
  /** Run in the new release directory before the switch (install, migrate…). */
  readonly preCommand?: string
  /** Run after the switch and after a rollback (reload the service). */
  readonly reloadCommand?: string
  /** Run once the new release is verified. */
  readonly postCommand?: string
  readonly commandTimeoutMs?: number
}

export interface SshRollbackOptions {
  readonly target: SshTarget
  readonly deployPath: string
  readonly reloadCommand?: string
  readonly commandTimeoutMs?: number
}

export interface SshDeps {
  readonly logger: Logger
  /** Smoke checks once the new release serves; a failed outcome or a throw rolls back. */
  readonly verify?: Verify
  /** The deployment's timeline, so steps before the provider (e.g. the API) share it. */
  readonly timeline?: Timeline
  /** Where the private folder for the key and known_hosts goes (the job's RUNNER_TEMP). */
  readonly tempDir?: string
  /** Told what undoing the switch needs before it happens, cleared once verified or undone. */
  readonly journal?: RollbackJournal<SshPending>
}

/** What an ssh deployment or rollback did. */
export interface SshDeployResult {
  readonly mode: 'deploy' | 'rollback'
  /** The release that serves when the step ends (the new one, or the one rolled back to). */
  readonly releaseId: string
  /** The release the deployment tried to put live. */
  readonly attemptedReleaseId: string
  /** What `current` pointed at before. */
  readonly previousReleaseId?: string
  readonly rolledBack: boolean
  readonly rollbackDetail?: string
  readonly transfer?: 'rsync' | 'scp'
  readonly pruned: readonly string[]
  readonly timeline: readonly TimelineEntry[]
}

/** A deployment that failed after it connected; carries the result for outputs and summary. */
export class SshDeployError extends DeployError<SshDeployResult> {}

const ARCHIVE = /\.(tar|tar\.gz|tgz)$/

/**
 * Deploys a release over ssh: uploads `source` to `<deployPath>/releases/<id>` (rsync,
 * hard-linking unchanged files from the current release, or scp), runs the pre command
 * there, switches `current` atomically while recording the release in `.releases`,
 * reloads, verifies, runs the post command and removes releases beyond `keep`. A failure
 * before the switch removes the new release; one after it points `current` back at the
 * previous release, reloads again and removes the new one, so the host is as it was.
 */
export async function deploySshRelease(options: SshDeployOptions, deps: SshDeps): Promise<SshDeployResult> {
  const source = checkSource(options.source)
  const timeline = deps.timeline ?? new Timeline()
  const base = options.deployPath
  const id = options.releaseId
  const releaseDir = `${base}/releases/${id}`
  let state: HostState | undefined
  let transfer: 'rsync' | 'scp' | undefined
  let pruned: string[] = []
  const result = (extra: Partial<SshDeployResult> = {}): SshDeployResult => ({
    mode: 'deploy',
    releaseId: id,
    attemptedReleaseId: id,
    previousReleaseId: state?.current,
    rolledBack: false,
    transfer,
    pruned,
    timeline: timeline.entries,
    ...extra,
  })

  const session = openSshSession(options.target, deps.logger, deps.tempDir)
  try {
    try {
      const uploaded = await timeline.step(
        'upload',
        () => prepareAndUpload(session, options, source, deps.logger),
        (u) =>
          `${basename(source.path)} → ${releaseDir} (${u.transfer}${u.state.current ? `, current: ${u.state.current}` : ', first release'})`,
      )
      state = uploaded.state
      transfer = uploaded.transfer
    } catch (error) {
      if (!(error instanceof ReleaseExistsError) && state === undefined) {
        await session.exec(['sh', '-c', PRUNE, 'pk', base, id]).catch(() => undefined)
      }
      throw error
    }
    const previous = state.current
    const run = commandRunner(session, deps.logger, options.commandTimeoutMs, {
      DEPLOY_PATH: base,
      RELEASE_ID: id,
      RELEASE_PATH: releaseDir,
      PREVIOUS_RELEASE_ID: previous ?? '',
      PREVIOUS_RELEASE_PATH: previous ? `${base}/releases/${previous}` : '',
    })
    if (options.preCommand) {
      try {
        await timeline.step('pre-command', () => run('pre', releaseDir, options.preCommand!))
      } catch (error) {
        await session.exec(['sh', '-c', PRUNE, 'pk', base, id]).catch(() => undefined)
        throw new SshDeployError(
          `${describeError(error)} (nothing was switched; ${previous ?? 'no release'} is still current)`,
          result({ releaseId: previous ?? '' }),
        )
      }
    }

    const history = [...state.history.filter((h) => h !== id), id]
    const keptHistory = history.slice(-Math.max(options.keep, 1))
    const pending: SshPending = { releaseId: id, previous, history: state.history.filter((h) => h !== id) }
    deps.journal?.record(pending)
    await timeline.step(
      'switch',
      () => session.exec(['sh', '-c', ACTIVATE, 'pk', base, `releases/${id}`, ...keptHistory, '--']),
      () => `current → releases/${id}`,
    )
    try {
      await reloadAndVerify(timeline, run, base, options.reloadCommand, deps.verify)
      if (options.postCommand)
        await timeline.step('post-command', () => run('post', `${base}/current`, options.postCommand!))
      deps.journal?.clear()
    } catch (error) {
      let detail: string
      try {
        detail = await timeline.step(
          'rollback',
          () => undoSwitch(session, options, pending, deps.logger),
          (d) => d,
        )
      } catch (rollbackError) {
        // The record stays, so the post step tries again.
        throw new SshDeployError(
          `${describeError(error)}; the rollback failed too: ${describeError(rollbackError)}`,
          result(),
        )
      }
      deps.journal?.clear()
      throw new SshDeployError(
        `${describeError(error)}; rolled back: ${detail}`,
        result({ rolledBack: true, rollbackDetail: detail, releaseId: previous ?? '' }),
      )
    }
    // Only a verified release makes older ones expendable: after a failure all are still there.
    pruned = releasesToPrune(history, [...state.releases, id], options.keep, [
      id,
      ...(previous ? [previous] : []),
    ])
    if (pruned.length) {
      await timeline
        .step(
          'cleanup',
          () => session.exec(['sh', '-c', PRUNE, 'pk', base, ...pruned]),
          () => `removed ${pruned.join(', ')}`,
        )
        .catch((error: unknown) =>
          deps.logger.warning(`Removing old releases failed: ${describeError(error)}`),
        )
    }
    return result()
  } finally {
    await session.close()
  }
}

/**
 * Manual rollback: points `current` at the release before it (by `.releases`), reloads and
 * verifies. When the verification fails it switches back and fails.
 */
export async function rollbackSshRelease(
  options: SshRollbackOptions,
  deps: SshDeps,
): Promise<SshDeployResult> {
  const timeline = deps.timeline ?? new Timeline()
  const base = options.deployPath
  const session = openSshSession(options.target, deps.logger, deps.tempDir)
  try {
    const state: HostState = await timeline.step(
      'prepare',
      async () => parseHostState((await session.exec(['sh', '-c', PREPARE, 'pk', base, ''])).stdout),
      (s) => `current: ${s.current ?? 'none'}`,
    )
    if (!state.current) {
      throw new UserError(
        `Nothing is deployed at ${base} on ${session.label} (no current symlink): nothing to roll back`,
      )
    }
    const from = state.current
    const to = previousRelease(state)
    if (!to) {
      throw new UserError(
        `No earlier release of ${base} to roll back to on ${session.label}: current is ${from} and .releases lists ${state.history.join(', ') || 'nothing'}`,
      )
    }
    const run = commandRunner(session, deps.logger, options.commandTimeoutMs, {
      DEPLOY_PATH: base,
      RELEASE_ID: to,
      RELEASE_PATH: `${base}/releases/${to}`,
      PREVIOUS_RELEASE_ID: from,
      PREVIOUS_RELEASE_PATH: `${base}/releases/${from}`,
    })
    const result = (extra: Partial<SshDeployResult> = {}): SshDeployResult => ({
      mode: 'rollback',
      releaseId: to,
      attemptedReleaseId: to,
      previousReleaseId: from,
      rolledBack: true,
      rollbackDetail: `current points at ${to} again (was ${from})`,
      pruned: [],
      timeline: timeline.entries,
      ...extra,
    })
    const at = state.history.lastIndexOf(to)
    await timeline.step(
      'switch',
      () =>
        session.exec([
          'sh',
          '-c',
          ACTIVATE,
          'pk',
          base,
          `releases/${to}`,
          ...state.history.slice(0, at + 1),
          '--',
        ]),
      () => `current → releases/${to}`,
    )
    try {
      await reloadAndVerify(timeline, run, base, options.reloadCommand, deps.verify)
    } catch (error) {
      await timeline.step('restore', async () => {
        await session.exec(['sh', '-c', ACTIVATE, 'pk', base, `releases/${from}`, ...state.history, '--'])
        if (options.reloadCommand) await run('reload', `${base}/current`, options.reloadCommand)
      })
      throw new SshDeployError(
        `Rollback to ${to} failed: ${describeError(error)}; current points at ${from} again`,
        result({ releaseId: from, rolledBack: false, rollbackDetail: undefined }),
      )
    }
    return result()
  } finally {
    await session.close()
  }
}

class ReleaseExistsError extends UserError {}

/**
 * Reads the host's state and uploads the release in as few connections as possible: with
 * rsync the prepare script runs as the remote rsync's prefix (one connection for both).
 */
async function prepareAndUpload(
  session: SshSession,
  options: SshDeployOptions,
  source: Source,
  logger: Logger,
): Promise<{ state: HostState; transfer: 'rsync' | 'scp' }> {
  const base = options.deployPath
  const id = options.releaseId
  const releaseDir = `${base}/releases/${id}`
  const prepare = ['sh', '-c', PREPARE, 'pk', base, id]
  const exists = () =>
    new ReleaseExistsError(
      `Release ${id} already exists in ${base}/releases on ${session.label}: give a new release-id`,
    )
  const archive = `${releaseDir}.upload${/\.tar$/.test(source.path) ? '.tar' : '.tar.gz'}`

  if (options.transfer !== 'scp' && localRsyncAvailable()) {
    const args = source.kind === 'directory' ? ['-a', '--delete', '-s', '--link-dest=../../current'] : ['-s']
    const from = source.kind === 'directory' ? `${source.path.replace(/\/+$/, '')}/` : source.path
    try {
      const out = await session.rsync(
        args,
        from,
        source.kind === 'directory' ? `${releaseDir}/` : archive,
        shellJoin(prepare),
      )
      if (source.kind === 'archive') await session.exec(['sh', '-c', UNPACK, 'pk', archive, releaseDir])
      return { state: parseHostState(out.stderr), transfer: 'rsync' }
    } catch (error) {
      const stderr = error instanceof ProcessError ? error.result.stderr : ''
      if (stderr.includes('pk:exists')) throw exists()
      const noRemoteRsync = /rsync: (command )?not found|rsync: No such file/.test(stderr)
      if (!noRemoteRsync || options.transfer === 'rsync') {
        if (noRemoteRsync) {
          throw new UserError(
            `Input transfer is rsync but rsync is not installed on ${session.label}: install it or use transfer: scp`,
          )
        }
        throw error
      }
      logger.info(`rsync is not installed on ${session.label}; uploading with scp`)
    }
  } else if (options.transfer === 'rsync') {
    throw new UserError(
      'Input transfer is rsync but rsync is not installed on the runner: install it or use transfer: scp',
    )
  }

  const prepared = await session.exec(prepare, { okExitCodes: [0, EXISTS_EXIT_CODE] })
  if (prepared.exitCode === EXISTS_EXIT_CODE) throw exists()
  const state = parseHostState(prepared.stdout)
  if (source.kind === 'directory') {
    await session.scp(source.path, releaseDir)
  } else {
    await session.scp(source.path, archive)
    await session.exec(['sh', '-c', UNPACK, 'pk', archive, releaseDir])
  }
  return { state, transfer: 'scp' }
}

/** The steps after a switch: the reload command in the new current, then the smoke checks. */
async function reloadAndVerify(
  timeline: Timeline,
  run: ReturnType<typeof commandRunner>,
  base: string,
  reloadCommand: string | undefined,
  verify: Verify | undefined,
): Promise<void> {
  if (reloadCommand) await timeline.step('reload', () => run('reload', `${base}/current`, reloadCommand))
  if (verify) await runVerifyStep(timeline, verify)
}

interface Source {
  readonly path: string
  readonly kind: 'directory' | 'archive'
}

function checkSource(path: string): Source {
  if (!existsSync(path)) {
    throw new UserError(`Input source '${path}' does not exist: give a directory or a .tar/.tar.gz/.tgz file`)
  }
  const stat = statSync(path)
  if (stat.isDirectory()) return { path, kind: 'directory' }
  if (stat.isFile() && ARCHIVE.test(path)) return { path, kind: 'archive' }
  throw new UserError(`Input source '${path}' is neither a directory nor a .tar, .tar.gz or .tgz archive`)
}

function localRsyncAvailable(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/rsync`))
}
