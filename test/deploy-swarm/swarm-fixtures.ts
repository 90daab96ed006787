import { spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { buildBusyboxImage } from '../services'

/**
 * The replicas run with `--network host` (the engine here runs without iptables, so
 * host networking is how a service is reached on loopback), each on one port of the
 * node: PORT_BASE + its slot + 0. One port, as a real service has: a replacement can
 * only start once the task it replaces has stopped (the provider updates such services
 * stop-first). The HEALTHCHECK probes exactly that port.
 */
const serveScript = `#!/bin/sh
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
httpd -f -p "127.0.0.1:\${PORT_BASE}\${SLOT}0" -h /www &
child=$!
wait "$child"
`

export const healthyCheck =
  'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD wget -q -O /dev/null "http://127.0.0.1:${PORT_BASE}${SLOT}0/" || exit 1'
export const failingCheck = 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD exit 1'

/** Builds a busybox-httpd image answering `body` on / with the given HEALTHCHECK line. */
export function buildServeImage(tag: string, body: string, healthcheck = healthyCheck): string {
  return buildBusyboxImage(tag, {
    files: { '/www/index.html': `${body}\n`, '/bin/serve': serveScript },
    instructions: [healthcheck, 'CMD ["/bin/sh", "/bin/serve"]'],
  })
}

/**
 * A port prefix for one suite: ports are <base><slot>0, e.g. 22710. Each suite passes
 * its own range so suites running in parallel never share a port. The ports must lie
 * below the kernel's ephemeral range (ip_local_port_range, 32768–60999 by default):
 * any outgoing connection on the machine may be given a port from that range, and
 * keeps it for a minute in TIME_WAIT, and a replica that cannot bind its port exits 1.
 */
export function randomPortBase(range: readonly [number, number]): string {
  const [ephemeralLow] = ephemeralPortRange()
  const highest = Number(`${range[1] - 1}90`)
  if (range[0] < 100 || highest >= ephemeralLow) {
    throw new Error(
      `Port bases ${range[0]}–${range[1] - 1} give ports up to ${highest}, inside the ephemeral range from ${ephemeralLow}: use bases that stay below it`,
    )
  }
  return String(randomInt(range[0], range[1]))
}

/** The kernel's ephemeral port range (the ports connect() and listen(0) hand out). */
function ephemeralPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number)
    if (low && high) return [low, high]
  } catch {}
  return [32768, 60999]
}

/** The port each slot of a service with this base serves on. */
export function candidatePorts(base: string, slots: number): number[] {
  return Array.from({ length: slots }, (_, i) => Number(`${base}${i + 1}0`))
}

/** GETs / on every candidate port; returns the bodies of those that answered. */
export async function answers(ports: readonly number[]): Promise<string[]> {
  const bodies = await Promise.all(
    ports.map(async (port) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })
        return (await response.text()).trim()
      } catch {
        return undefined
      }
    }),
  )
  return bodies.filter((b): b is string => b !== undefined)
}

/** Makes this engine a single-node swarm manager unless it already is one (left initialised). */
export function ensureSwarmManager(): void {
  const info = spawnSync('docker', ['info', '--format', '{{.Swarm.ControlAvailable}}'], { encoding: 'utf8' })
  if (info.stdout.trim() === 'true') return
  const init = spawnSync('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1'], { encoding: 'utf8' })
  if (init.status !== 0 && !/already part of a swarm/.test(init.stderr)) {
    throw new Error(`docker swarm init failed: ${init.stderr}`)
  }
}

/** Removes services and stacks quietly (for afterAll). */
export function removeSwarmObjects(services: readonly string[], stacks: readonly string[]): void {
  if (services.length) spawnSync('docker', ['service', 'rm', ...services], { stdio: 'ignore' })
  for (const stack of stacks) spawnSync('docker', ['stack', 'rm', stack], { stdio: 'ignore' })
}
