import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeError, UserError, type Logger } from '@pipeline-kit/common'
import { connectDockerStep } from '@pipeline-kit/deploy-swarm'
import { containerLogs, inspectContainer, type ContainerState, type DockerRunner } from '@pipeline-kit/docker'
import type { DockerConnection } from '@pipeline-kit/docker/connection'
import {
  createPrivateDir,
  DeployError,
  runVerifyStep,
  Timeline,
  type RollbackJournal,
  type TimelineEntry,
  type Verify,
} from '@pipeline-kit/deployments'
import { ensureImage, waitHealthy } from './container-readiness'
import type { DockerDeployOptions, DockerRollbackOptions } from './options'
import { buildRunArgs, LABELS, renderEnvFile } from './run-args'
import { reloadProxy, undoReplacement, type DockerPending } from './undo-replacement'

export interface DockerDeps {
  readonly logger: Logger
  /** Smoke checks once traffic reaches the new container; a failed outcome or a throw rolls back. */
  readonly verify?: Verify
  readonly timeline?: Timeline
  /** An open connection (tests); otherwise opened from options.connection. */
  readonly docker?: DockerConnection
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  /** Where the private folder for the env file goes (the job's RUNNER_TEMP); default the system's. */
  readonly tempDir?: string
  /** Told what undoing needs before the engine changes, cleared once verified or undone. */
  readonly journal?: RollbackJournal<DockerPending>
}

/** What a docker deployment or rollback did. */
export interface DockerDeployResult {
  readonly mode: 'deploy' | 'rollback'
  readonly container: string
  /** The image serving when the step ended. */
  readonly image: string
  readonly releaseId: string
  readonly previousImage?: string
  readonly previousReleaseId?: string
  /** The host port serving when the step ended. */
  readonly port?: number
  readonly rolledBack: boolean
  readonly rollbackDetail?: string
  readonly timeline: readonly TimelineEntry[]
}

/** A deployment that failed after it touched the engine; carries the result. */
export class DockerDeployError extends DeployError<DockerDeployResult> {}

const SETTLE_MS = 2000

/**
 * Blue/green replacement of the container `name`: the image is checked (pulled if
 * needed) before anything changes; the new container starts beside the old one (strategy
 * proxy: on the idle port, then the proxy reload switches traffic) or in its place (strategy
 * stop-start: the old one is stopped and kept); it must become healthy, then the smoke
 * checks run. Any failure restores the old container (proxy pointed back, or restarted)
 * and removes the new one. On success the old container is removed and the new one
 * carries the stable name, labelled with the previous image for a later rollback.
 */
export async function deployDockerContainer(
  options: DockerDeployOptions,
  deps: DockerDeps,
): Promise<DockerDeployResult> {
  return replaceContainer(options, deps, 'deploy')
}

/**
 * Manual rollback: runs the image the current container replaced (its previous-image
 * label) through the same blue/green replacement. A container that was itself rolled
 * back has no earlier image recorded, so a second rollback is refused. A first deployment
 * has nothing to go back to: it is stopped and removed (kept with keepFailed), and the
 * step fails saying so.
 */
export async function rollbackDockerContainer(
  options: DockerRollbackOptions,
  deps: DockerDeps,
): Promise<DockerDeployResult> {
  const timeline = deps.timeline ?? new Timeline(deps.now)
  const connection = await connectDockerStep(timeline, options.connection, {
    logger: deps.logger,
    open: deps.docker,
    tempDir: deps.tempDir,
  })
  try {
    await timeline.step(
      'engine',
      () => checkEngine(connection),
      (v) => v,
    )
    const current = await inspectContainer(connection.run, options.name)
    if (!current)
      throw new UserError(`No container ${options.name} on ${connection.hostLabel}: nothing to roll back`)
    const image = current.labels[LABELS.previousImage]
    if (!image && current.labels[LABELS.firstDeployment] === 'true') {
      return await removeFirstDeployment(options, current, { ...deps, timeline, docker: connection })
    }
    if (!image) {
      throw new UserError(
        `Container ${options.name} records no earlier image (it is itself a rollback): nothing to roll back to`,
      )
    }
    const releaseId = current.labels[LABELS.previousRelease] || 'rollback'
    return await replaceContainer(
      { ...options, image, releaseId },
      { ...deps, timeline, docker: connection },
      'rollback',
    )
  } finally {
    if (!deps.docker) connection.close()
  }
}

async function replaceContainer(
  options: DockerDeployOptions,
  deps: DockerDeps,
  mode: 'deploy' | 'rollback',
): Promise<DockerDeployResult> {
  const now = deps.now ?? (() => performance.now())
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const timeline = deps.timeline ?? new Timeline(now)
  const connection = await connectDockerStep(timeline, options.connection, {
    logger: deps.logger,
    open: deps.docker,
    tempDir: deps.tempDir,
  })
  const docker = connection.run
  const scratch = createPrivateDir('pk-docker-', deps.tempDir)
  const name = options.name
  const next = options.strategy === 'proxy' ? `${name}-next` : name
  const parked = `${name}-previous`
  let old: ContainerState | undefined
  let port: number | undefined
  const result = (extra: Partial<DockerDeployResult> = {}): DockerDeployResult => ({
    mode,
    container: name,
    image: options.image,
    releaseId: options.releaseId,
    previousImage: old?.image,
    previousReleaseId: old?.labels[LABELS.release],
    port,
    rolledBack: mode === 'rollback',
    timeline: timeline.entries,
    ...extra,
  })
  try {
    if (mode === 'deploy')
      await timeline.step(
        'engine',
        () => checkEngine(connection),
        (v) => v,
      )
    await timeline.step(
      'image',
      () => ensureImage(docker, options.image, connection.hostLabel),
      (how) => `${options.image} (${how})`,
    )
    old = await inspectContainer(docker, name)
    await refuseLeftovers(docker, name, options.strategy === 'proxy' ? next : parked)
    const oldPort = old ? Number(old.labels[LABELS.port] || options.ports[0]) : undefined
    port = options.strategy === 'proxy' ? pickPort(options.ports, oldPort) : options.ports[0]!
    const envFile = join(scratch, 'env')
    writeFileSync(
      envFile,
      renderEnvFile(options.env ?? {}, options.secretEnv ?? {}, {
        PORT: String(options.network === 'host' ? port : (options.containerPort ?? port)),
        RELEASE_ID: options.releaseId,
      }),
      { mode: 0o600 },
    )
    const labels = {
      [LABELS.deploy]: name,
      [LABELS.release]: options.releaseId,
      [LABELS.image]: options.image,
      [LABELS.port]: String(port),
      [LABELS.previousImage]: mode === 'deploy' ? (old?.image ?? '') : '',
      [LABELS.previousRelease]: mode === 'deploy' ? (old?.labels[LABELS.release] ?? '') : '',
      [LABELS.firstDeployment]: mode === 'deploy' && !old ? 'true' : '',
    }

    // From here on the engine changes: every failure restores the old container, and the
    // journal knows how, should the process be killed before it can.
    let pending: DockerPending = {
      container: name,
      next,
      parked,
      releaseId: options.releaseId,
      image: options.image,
      previous: old
        ? { image: old.image, releaseId: old.labels[LABELS.release] ?? '', port: oldPort! }
        : undefined,
      switchStarted: false,
    }
    deps.journal?.record(pending)
    try {
      if (options.strategy === 'stop-start' && old) {
        await timeline.step(
          'stop old',
          async () => {
            await docker(['rename', name, parked])
            await docker(['stop', '--time', '10', parked])
          },
          () => `${name} (${old!.image}) stopped and kept as ${parked}`,
        )
      }
      await timeline.step(
        'start',
        () => docker(buildRunArgs(options, { name: next, port: port!, envFile, labels })),
        () => `${next} (${options.image}) on port ${port}`,
      )
      await timeline.step(
        'health',
        () =>
          waitHealthy(docker, next, {
            deadlineMs: options.readyTimeoutMs,
            settleMs: SETTLE_MS,
            now,
            sleep,
            pollMs: 250,
          }),
        (d) => d,
      )
      if (options.strategy === 'proxy') {
        pending = { ...pending, switchStarted: true }
        deps.journal?.record(pending)
        await timeline.step(
          'switch',
          () => reloadProxy(options, docker, name, port!, options.releaseId, deps.logger),
          () => `proxy → port ${port}`,
        )
      }
      if (deps.verify) await runVerifyStep(timeline, deps.verify)
      deps.journal?.clear()
    } catch (error) {
      const logs = await containerLogs(docker, next, 30).catch(() => '')
      if (logs) await deps.logger.group(`Last output of ${next}`, async () => deps.logger.info(logs))
      let detail: string
      try {
        detail = await timeline.step(
          'rollback',
          () => undoReplacement(options, pending, { docker, logger: deps.logger, now, sleep }),
          (d) => d,
        )
      } catch (rollbackError) {
        // The record stays, so the post step tries again.
        throw new DockerDeployError(
          `${describeError(error)}; the rollback failed too: ${describeError(rollbackError)}`,
          result({ rolledBack: false }),
        )
      }
      deps.journal?.clear()
      if (!old && options.keepFailed) {
        throw new DockerDeployError(`${describeError(error)}; ${detail}`, result({ rollbackDetail: detail }))
      }
      port = oldPort
      throw new DockerDeployError(
        `${describeError(error)}; rolled back: ${detail}`,
        result({
          rolledBack: true,
          rollbackDetail: detail,
          image: old?.image ?? '',
          releaseId: old?.labels[LABELS.release] ?? '',
        }),
      )
    }

    await timeline.step(
      'finish',
      async () => {
        if (options.strategy === 'proxy') {
          if (old) await docker(['rm', '--force', name])
          await docker(['rename', next, name])
        } else if (old) {
          await docker(['rm', '--force', parked])
        }
      },
      () => (old ? `old container (${old.image}) removed` : 'first container'),
    )
    return result()
  } finally {
    rmSync(scratch, { recursive: true, force: true })
    if (!deps.docker) connection.close()
  }
}

/**
 * Manual rollback of a first deployment: there is no earlier image, so the container is
 * stopped and removed (the step still fails, saying so), or kept with options.keepFailed.
 */
async function removeFirstDeployment(
  options: DockerRollbackOptions,
  current: ContainerState,
  deps: DockerDeps & { timeline: Timeline; docker: DockerConnection },
): Promise<DockerDeployResult> {
  const name = options.name
  const releaseId = current.labels[LABELS.release] ?? ''
  const result = (extra: Partial<DockerDeployResult>): DockerDeployResult => ({
    mode: 'rollback',
    container: name,
    image: current.image,
    releaseId,
    rolledBack: false,
    timeline: deps.timeline.entries,
    ...extra,
  })
  const first = `Container ${name} (${current.image}) is the first deployment: there is no earlier image to roll back to`
  if (options.keepFailed) {
    throw new DockerDeployError(`${first}; it was kept running (keep-failed: true)`, result({}))
  }
  const detail = await deps.timeline.step(
    'remove',
    async () => {
      await deps.docker.run(['rm', '--force', name])
      return `${name} (${current.image}) stopped and removed; nothing serves now${options.strategy === 'proxy' ? ` (the proxy still points at port ${current.labels[LABELS.port] ?? '?'})` : ''}`
    },
    (d) => d,
  )
  throw new DockerDeployError(
    `${first}; ${detail} (keep-failed: true keeps it)`,
    result({
      image: '',
      releaseId: '',
      rolledBack: true,
      rollbackDetail: detail,
      previousImage: current.image,
    }),
  )
}

function pickPort(ports: readonly number[], oldPort: number | undefined): number {
  if (oldPort === undefined) return ports[0]!
  const other = ports.find((p) => p !== oldPort)
  if (other === undefined)
    throw new UserError('Input ports needs two different ports for switch: proxy (e.g. 8081,8082)')
  return other
}

async function refuseLeftovers(docker: DockerRunner, name: string, leftover: string): Promise<void> {
  if (leftover === name) return
  const state = await inspectContainer(docker, leftover)
  if (state) {
    throw new UserError(
      `Container ${leftover} exists from an interrupted deployment of ${name}: check which container serves, ` +
        `then remove ${leftover} (docker rm -f ${leftover}) and deploy again`,
    )
  }
}

/** One call that reaches the engine, so a refused host key or an unreachable host fails clearly first. */
async function checkEngine(connection: DockerConnection): Promise<string> {
  const out = await connection.run(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 60_000 })
  return `Docker ${out.stdout.trim()} on ${connection.hostLabel}`
}
