import { spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { buildBusyboxImage } from '../services'

/**
 * The replicas run with `--network host` (the engine here runs without iptables, so
 * host networking is how a service is reached on loopback). Two replicas on one host
 * cannot share a port, so each serves on PORT_BASE + its slot + 0 or 1: the second
 * port lets a start-first replacement of a slot bind beside the task it replaces.
 * The chosen port is written to /tmp/port and the HEALTHCHECK probes exactly that.
 */
const serveScript = `#!/bin/sh
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
for alt in 0 1; do
  port="\${PORT_BASE}\${SLOT}\${alt}"
  echo "$port" > /tmp/port
  httpd -f -p "127.0.0.1:$port" -h /www &
  child=$!
  wait "$child"
done
exit 1
`

export const healthyCheck =
  'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD wget -q -O /dev/null "http://127.0.0.1:$(cat /tmp/port)/" || exit 1'
export const failingCheck = 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD exit 1'

/** Builds a busybox-httpd image answering `body` on / with the given HEALTHCHECK line. */
export function buildServeImage(tag: string, body: string, healthcheck = healthyCheck): string {
  return buildBusyboxImage(tag, {
    files: { '/www/index.html': `${body}\n`, '/bin/serve': serveScript },
    instructions: ['RUN ["/bin/mkdir", "-p", "/tmp"]', healthcheck, 'CMD ["/bin/sh", "/bin/serve"]'],
  })
}

/**
 * A port prefix unlikely to collide: ports are <base><slot><0|1>, e.g. 31710. Each suite
 * passes its own range so suites running in parallel never share a port.
 */
export function randomPortBase(range: readonly [number, number] = [200, 600]): string {
  return String(randomInt(range[0], range[1]))
}

/** Every port a service with this base and slot count can serve on. */
export function candidatePorts(base: string, slots: number): number[] {
  const ports: number[] = []
  for (let slot = 1; slot <= slots; slot++)
    for (const alt of [0, 1]) ports.push(Number(`${base}${slot}${alt}`))
  return ports
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
