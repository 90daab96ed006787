import { setTimeout as delay } from 'node:timers/promises'
import { UserError } from '@pipeline-kit/common'
import type { ContainerSpec } from './container-spec'
import { environmentArgs } from './container-paths'
import type { DockerRunner } from '@pipeline-kit/docker'
import { dockerName } from './docker-engine'
import { ensureImage } from './job-container'

/** A started service: its container and the host ports its container ports map to. */
export interface StartedService {
  readonly id: string
  readonly container: string
  /** Container port → host port, as `job.services.<id>.ports` gives them. */
  readonly ports: Record<string, string>
}

/**
 * Creates the job's network (`github_network_<id>`, a user-defined bridge). When the
 * engine cannot create one (e.g. dockerd with `--bridge=none` and no bridge driver), the
 * host network is used and the returned warning says so: services then have no hostnames
 * of their own, only `--add-host <id>:127.0.0.1` in the job container.
 */
export async function createJobNetwork(
  cli: DockerRunner,
): Promise<{ network: string; shared: boolean; warning?: string }> {
  const network = `github_network_${crypto.randomUUID().replace(/-/g, '')}`
  const created = await cli(['network', 'create', '--label', 'pipeline-kit.workflow-runner=job', network], {
    okExitCodes: 'any',
  })
  if (created.exitCode === 0) return { network, shared: false }
  return {
    network: 'host',
    shared: true,
    warning: `docker network create failed (${created.stderr.trim()}); services and the job container use the host network, each service's hostname resolving to 127.0.0.1, and their ports must not collide`,
  }
}

/**
 * Starts one service as the runner does: `docker create` on the job network with the
 * service id as network alias, its ports, env (values through the CLI's environment) and
 * options, then `docker start`.
 */
export async function startService(
  cli: DockerRunner,
  id: string,
  spec: ContainerSpec,
  network: string,
): Promise<StartedService> {
  await ensureImage(cli, spec)
  const container = dockerName(`service-${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`)
  await cli(
    [
      'create',
      '--name',
      container,
      '--label',
      'pipeline-kit.workflow-runner=service',
      '--network',
      network,
      ...(network === 'host' ? [] : ['--network-alias', id]),
      ...spec.ports.flatMap((port) => ['-p', port]),
      ...spec.volumes.flatMap((volume) => ['-v', volume]),
      ...environmentArgs(spec.env),
      ...spec.options,
      spec.image,
    ],
    { env: { ...spec.env } },
  )
  await cli(['start', container])
  const mapped = await cli(['port', container], { okExitCodes: 'any' })
  return { id, container, ports: parsePortMappings(mapped.stdout) }
}

/** `docker port` output (`80/tcp -> 0.0.0.0:49153`) as container port → host port. */
export function parsePortMappings(output: string): Record<string, string> {
  const ports: Record<string, string> = {}
  for (const line of output.split('\n')) {
    const match = /^(\d+)\/\w+\s*->\s*\S*:(\d+)\s*$/.exec(line.trim())
    if (match && !(match[1]! in ports)) ports[match[1]!] = match[2]!
  }
  return ports
}

/**
 * Waits for a service's health check as the runner does: a container without one is
 * ready once started; `healthy` is ready; `unhealthy` (or a container that stopped)
 * fails the job naming the service. Polls with a growing pause (up to 5 s), for at most
 * `limitMs`.
 */
export async function waitForHealthy(
  cli: DockerRunner,
  service: StartedService,
  limitMs = 300_000,
): Promise<void> {
  const deadline = Date.now() + limitMs
  for (let pause = 250; ; pause = Math.min(pause * 2, 5000)) {
    const inspect = await cli(
      [
        'inspect',
        '--format',
        '{{.State.Status}} {{if .Config.Healthcheck}}{{.State.Health.Status}}{{end}}',
        service.container,
      ],
      { okExitCodes: 'any' },
    )
    const [status, health = ''] = inspect.stdout.trim().split(' ')
    if (status !== 'running' && status !== 'created')
      throw new UserError(`service ${service.id} is not running (${status || inspect.stderr.trim()})`)
    if (health === '' || health === 'healthy') return
    if (health === 'unhealthy')
      throw new UserError(`service ${service.id} is unhealthy (its health check failed)`)
    if (Date.now() > deadline)
      throw new UserError(
        `service ${service.id} did not become healthy in ${Math.round(limitMs / 1000)} s (${health})`,
      )
    await delay(pause)
  }
}

/** Removes containers and the job network, quietly (they may already be gone). */
export async function removeJobDocker(
  cli: DockerRunner,
  containers: readonly string[],
  network: string | undefined,
): Promise<void> {
  if (containers.length > 0) await cli(['rm', '-f', '-v', ...containers], { okExitCodes: 'any' })
  if (network && network !== 'host') await cli(['network', 'rm', network], { okExitCodes: 'any' })
}
