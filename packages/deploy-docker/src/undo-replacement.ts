import { describeError, runProcess, UserError, type Logger } from '@pipeline-kit/common'
import { inspectContainer, type DockerRunner } from '@pipeline-kit/docker'
import { waitHealthy } from './container-readiness'
import type { DockerDeployOptions } from './options'

/**
 * What undoing a container replacement needs, recorded before the engine changes (and kept
 * in GITHUB_STATE by the deploy action, so an interrupted run's post step can undo it).
 */
export interface DockerPending {
  /** The stable name of the serving container. */
  readonly container: string
  /** The new container: `<name>-next` (proxy) or the stable name (stop-start). */
  readonly next: string
  /** Where stop-start keeps the old container while the new one starts. */
  readonly parked: string
  readonly releaseId: string
  readonly image: string
  /** The container that served before; none on a first deployment. */
  readonly previous?: { readonly image: string; readonly releaseId: string; readonly port: number }
  /** The proxy reload towards the new container started (it may have switched traffic). */
  readonly switchStarted: boolean
}

export interface UndoContext {
  readonly docker: DockerRunner
  readonly logger: Logger
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
}

/**
 * Puts the engine back as it was before the replacement, from what was recorded and what
 * the engine shows, so it is safe whether it runs at once or in a later post step: the
 * proxy is pointed back at the old container's port, the stop-start container restarted
 * (when the main step got as far as parking it), and the new container removed. On a
 * first deployment there is nothing to go back to: the new container is stopped and
 * removed, or kept running with options.keepFailed. Returns what was done, in a sentence.
 */
export async function undoReplacement(
  options: Pick<DockerDeployOptions, 'strategy' | 'proxyReload' | 'proxyContainer' | 'readyTimeoutMs'> & {
    readonly keepFailed?: boolean
  },
  pending: DockerPending,
  context: UndoContext,
): Promise<string> {
  const { docker } = context
  const { container: name, next, parked, previous } = pending
  if (!previous) {
    if (options.keepFailed) {
      if (next !== name && (await inspectContainer(docker, next))) await docker(['rename', next, name])
      return `the new container was kept running as ${name} (keep-failed: true; there was no earlier one to go back to)`
    }
    await docker(['rm', '--force', next], { okExitCodes: 'any' })
    return `the new container ${next} was stopped and removed (there was no earlier one to go back to)`
  }
  if (options.strategy === 'proxy') {
    if (pending.switchStarted)
      await reloadProxy(options, docker, name, previous.port, previous.releaseId, context.logger)
    await docker(['rm', '--force', next], { okExitCodes: 'any' })
    return `${name} (${previous.image}) kept serving${pending.switchStarted ? `; proxy pointed back at port ${previous.port}` : ''}; the new container was removed`
  }
  if (!(await inspectContainer(docker, parked))) {
    // Interrupted before the old container was parked: it still carries the name.
    await docker(['start', name])
    return `${name} (${previous.image}) kept serving; nothing had been replaced`
  }
  await docker(['rm', '--force', name], { okExitCodes: 'any' })
  await docker(['rename', parked, name])
  await docker(['start', name])
  await waitHealthy(docker, name, {
    deadlineMs: options.readyTimeoutMs,
    settleMs: 0,
    now: context.now,
    sleep: context.sleep,
    pollMs: 250,
  })
  return `${name} (${previous.image}) restarted; the new container was removed`
}

/** Runs the proxy reload command (in the proxy container, or on the runner) for an upstream port. */
export async function reloadProxy(
  options: Pick<DockerDeployOptions, 'proxyReload' | 'proxyContainer'>,
  docker: DockerRunner,
  name: string,
  port: number,
  releaseId: string,
  logger: Logger,
): Promise<void> {
  if (!options.proxyReload) throw new UserError('Input proxy-reload is required with switch: proxy')
  const vars = {
    PK_UPSTREAM_HOST: '127.0.0.1',
    PK_UPSTREAM_PORT: String(port),
    PK_RELEASE_ID: releaseId,
    PK_CONTAINER: name,
  }
  try {
    const out = options.proxyContainer
      ? await docker([
          'exec',
          ...Object.entries(vars).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
          options.proxyContainer,
          'sh',
          '-c',
          options.proxyReload,
        ])
      : await runProcess('sh', ['-c', options.proxyReload], { env: vars, timeoutMs: 120_000 })
    const text = (out.stdout + out.stderr).trim()
    if (text) logger.info(text)
  } catch (error) {
    throw new UserError(`The proxy reload command failed: ${describeError(error)}`)
  }
}
