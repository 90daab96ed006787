import { UserError } from '@pipeline-kit/common'
import type { DockerRunner } from './docker-runner'

/** The parts of `docker inspect` of a container the callers use. */
export interface ContainerState {
  readonly id: string
  readonly name: string
  readonly image: string
  readonly labels: Readonly<Record<string, string>>
  readonly status: string
  readonly running: boolean
  readonly exitCode: number
  readonly health?: string
  readonly healthOutput?: string
  readonly startedAt?: string
}

/** Inspects a container by name; undefined when there is none. */
export async function inspectContainer(
  docker: DockerRunner,
  name: string,
): Promise<ContainerState | undefined> {
  const out = await docker(['container', 'inspect', '--format', '{{json .}}', name], { okExitCodes: 'any' })
  if (out.exitCode !== 0) {
    if (/No such (container|object)/i.test(out.stderr)) return undefined
    throw new UserError(`docker container inspect ${name} failed: ${out.stderr.trim()}`)
  }
  return parseContainerState(out.stdout)
}

/** Parses `docker container inspect --format '{{json .}}'`. */
export function parseContainerState(json: string): ContainerState {
  const raw = JSON.parse(json) as {
    Id: string
    Name: string
    Config: { Image: string; Labels?: Record<string, string> | null }
    State: {
      Status: string
      Running: boolean
      ExitCode: number
      StartedAt?: string
      Health?: { Status: string; Log?: { Output?: string }[] | null }
    }
  }
  const log = raw.State.Health?.Log ?? []
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config.Image,
    labels: raw.Config.Labels ?? {},
    status: raw.State.Status,
    running: raw.State.Running,
    exitCode: raw.State.ExitCode,
    health: raw.State.Health?.Status,
    healthOutput: log.at(-1)?.Output?.trim(),
    startedAt: raw.State.StartedAt,
  }
}

/** The last `tail` lines a container printed (stdout, then stderr), trimmed; for a log or an error. */
export async function containerLogs(docker: DockerRunner, name: string, tail: number): Promise<string> {
  const out = await docker(['logs', '--tail', String(tail), name], { okExitCodes: 'any' })
  return (out.stdout + out.stderr).trim()
}

/** Removes a container, stopping it first; never throws (cleanup must not hide the real error). */
export async function removeContainer(docker: DockerRunner, name: string): Promise<boolean> {
  try {
    const result = await docker(['rm', '-f', name], { okExitCodes: 'any', timeoutMs: 60_000 })
    return result.exitCode === 0
  } catch {
    return false
  }
}

/** The host port `docker port` maps a container's TCP port to; undefined when it is not published. */
export async function publishedPort(
  docker: DockerRunner,
  name: string,
  port: number,
): Promise<{ readonly port?: string; readonly stderr: string }> {
  const out = await docker(['port', name, `${port}/tcp`], { okExitCodes: 'any' })
  const mapped = /:(\d+)\s*$/m.exec(out.stdout.trim().split('\n')[0] ?? '')
  return { port: out.exitCode === 0 ? mapped?.[1] : undefined, stderr: out.stderr.trim() }
}
