import { randomBytes } from 'node:crypto'
import { UserError, type Logger } from '@pipeline-kit/action-runtime'
import {
  containerLogs as dockerLogs,
  createDockerRunner,
  publishedPort,
  removeContainer as dockerRemove,
} from '@pipeline-kit/docker'
import type { ContainerSpec } from './inputs'

export interface StartedContainer {
  readonly id: string
  /** Base URL of the service on the host, e.g. http://127.0.0.1:49153 */
  readonly baseUrl: string
}

const docker = createDockerRunner()

/**
 * Starts the image detached. Env values reach docker through its own environment
 * (`-e NAME` without a value), so they never appear in argv.
 */
export async function startContainer(spec: ContainerSpec, log: Logger): Promise<StartedContainer> {
  const name = `pk-smoke-${randomBytes(4).toString('hex')}`
  const args = ['run', '-d', '--name', name]
  for (const key of Object.keys(spec.env)) args.push('-e', key)
  if (spec.network === 'host') args.push('--network', 'host')
  else args.push('-p', `127.0.0.1::${spec.port}`)
  args.push(spec.image)
  log.info(`Starting ${spec.image} as ${name}`)
  const run = await docker(args, { env: spec.env, okExitCodes: 'any', timeoutMs: 300_000 })
  if (run.exitCode !== 0) {
    throw new UserError(
      `Input 'image': could not start '${spec.image}': ${run.stderr.trim() || `docker exited ${run.exitCode}`}`,
    )
  }
  const id = run.stdout.trim()
  if (spec.network === 'host') return { id, baseUrl: `http://127.0.0.1:${spec.port}` }
  const mapped = await publishedPort(docker, id, spec.port)
  if (!mapped.port) {
    await removeContainer(id)
    throw new UserError(
      `Input 'container-port': port ${spec.port} of '${spec.image}' could not be published (${mapped.stderr})`,
    )
  }
  return { id, baseUrl: `http://127.0.0.1:${mapped.port}` }
}

/** The container's last log lines, for a failed probe. */
export function containerLogs(id: string): Promise<string> {
  return dockerLogs(docker, id, 200)
}

/** Stops and removes the container; never throws (cleanup must not hide the real error). */
export function removeContainer(id: string): Promise<boolean> {
  return dockerRemove(docker, id)
}
