import type { DockerRunner } from '@pipeline-kit/docker'
import type { RollingUpdateSettings } from './options'
import type { ServiceState } from './swarm-state'

/** How a service's tasks reach the network, as far as side-by-side tasks are concerned. */
export interface ServiceNetworking {
  /** Attached to the host's network: every task binds its ports on the node itself. */
  readonly hostNetwork: boolean
  /** Ports published in `mode: host` (bound on the node, one task per node and port). */
  readonly hostPorts: readonly number[]
}

/**
 * Why two tasks of the service cannot run at once on one node, in words that follow
 * "Service web …"; undefined when they can.
 */
export function describeHostBinding(networking: ServiceNetworking): string | undefined {
  if (networking.hostNetwork) return "runs on the host's network"
  const ports = networking.hostPorts
  if (ports.length === 0) return undefined
  return `publishes ${ports.length === 1 ? 'port' : 'ports'} ${ports.join(', ')} in host mode`
}

/** From the inputs a service is created with: `networks` and `publish`. */
export function networkingOfInputs(
  networks: readonly string[] = [],
  publish: readonly string[] = [],
): ServiceNetworking {
  return {
    hostNetwork: networks.some((n) => n.trim() === 'host'),
    hostPorts: publish.flatMap((spec) => {
      // Only the long syntax (published=8080,target=80,mode=host) has a mode; `8080:80` is ingress.
      const fields = new Map(
        spec.split(',').map((part) => {
          const [key = '', ...value] = part.split('=')
          return [key.trim(), value.join('=').trim()] as const
        }),
      )
      const published = Number(fields.get('published') ?? fields.get('p'))
      return fields.get('mode') === 'host' && Number.isInteger(published) && published > 0 ? [published] : []
    }),
  }
}

/**
 * From an existing service's spec. The spec names networks by swarm ID, so the attached
 * ones are looked up (`docker network inspect`) for the host driver.
 */
export async function networkingOfService(
  docker: DockerRunner,
  service: ServiceState,
): Promise<ServiceNetworking> {
  let hostNetwork = false
  if (service.networkTargets.length > 0) {
    const drivers = await docker(
      ['network', 'inspect', '--format', '{{.Driver}}', '--', ...service.networkTargets],
      { okExitCodes: 'any' },
    )
    hostNetwork = drivers.stdout.split('\n').some((line) => line.trim() === 'host')
  }
  return { hostNetwork, hostPorts: service.hostModePorts }
}

/** The rolling-update settings a service gets, and the warning that explains a change. */
export interface FittedUpdate {
  readonly update: RollingUpdateSettings
  readonly warning?: string
}

/**
 * start-first cannot work for a service bound to its node's ports: the new task cannot
 * bind while the old one holds the port (on the host network it exits 1 and the engine
 * rolls back with `task: non-zero exit (1)`; with a host-mode port it stays pending,
 * "host-mode port already in use"). Such a service is updated (and rolled back)
 * stop-first instead, with a warning that says why and what to set; the settings are
 * unchanged for every other service and for stop-first.
 */
export function fitUpdateOrder(
  service: string,
  update: RollingUpdateSettings,
  binding: string | undefined,
): FittedUpdate {
  if (!binding || update.order !== 'start-first') return { update }
  return {
    update: { ...update, order: 'stop-first' },
    warning:
      `Service ${service} ${binding}, so a new replica cannot start on a node while the old one holds the port there: ` +
      `with update-order start-first the new task could not bind it and the update would fail and roll back. ` +
      `Updating stop-first instead: each old replica stops before its replacement starts, a short gap per replica. ` +
      `Set update-order: stop-first to make that the setting (and silence this warning).`,
  }
}

/** The warning for a compose file that asks for start-first on such a service itself. */
export function explicitStartFirstWarning(service: string, binding: string, composeFile: string): string {
  return (
    `Service ${service} ${binding}, and ${composeFile} sets its update_config order: start-first: ` +
    `on a node that runs the old task the new one cannot bind the port, so the update fails unless the swarm ` +
    `has a free node for each new task. Kept as the file says; set order: stop-first there for a single node.`
  )
}
