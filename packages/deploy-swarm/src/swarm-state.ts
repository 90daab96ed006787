import { UserError } from '@pipeline-kit/common'
import type { DockerRunner } from '@pipeline-kit/docker'

/** The parts of `docker service inspect` the provider reads. */
export interface ServiceState {
  readonly id: string
  readonly name: string
  readonly versionIndex: number
  readonly image: string
  readonly previousImage?: string
  readonly hasPreviousSpec: boolean
  /** Desired replicas; undefined for global services. */
  readonly replicas?: number
  readonly updateStatus?: UpdateStatus
  readonly labels: Readonly<Record<string, string>>
  /** The networks the tasks attach to, by swarm network ID (TaskTemplate.Networks). */
  readonly networkTargets: readonly string[]
  /** Ports the spec publishes in host mode (EndpointSpec.Ports with PublishMode host). */
  readonly hostModePorts: readonly number[]
  /** The spec as JSON, to tell whether an update changed anything. */
  readonly specJson: string
  /**
   * The task template as JSON: only a change there makes the engine run a rolling update
   * (a new replica count or update settings alone do not).
   */
  readonly taskTemplateJson: string
}

export type UpdateState =
  'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed'

export interface UpdateStatus {
  readonly state: UpdateState
  readonly startedAt?: string
  readonly completedAt?: string
  readonly message?: string
}

/** One task from `docker service ps --format '{{json .}}'`. */
export interface TaskState {
  readonly id: string
  readonly name: string
  readonly image: string
  /** Lower-case first word of CurrentState: running, starting, preparing, failed, rejected, shutdown … */
  readonly state: string
  readonly desiredState: string
  readonly error: string
}

/** Parses `docker service inspect` output (a JSON array). */
export function parseServiceInspect(json: string): ServiceState[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new Error(`docker service inspect printed something that is not JSON: ${json.slice(0, 200)}`)
  }
  if (!Array.isArray(parsed)) throw new Error('docker service inspect did not print a JSON array')
  return parsed.map((raw: any) => {
    const spec = raw?.Spec ?? {}
    const status = raw?.UpdateStatus
    return {
      id: String(raw?.ID ?? ''),
      name: String(spec.Name ?? ''),
      versionIndex: Number(raw?.Version?.Index ?? 0),
      image: String(spec.TaskTemplate?.ContainerSpec?.Image ?? ''),
      previousImage: raw?.PreviousSpec?.TaskTemplate?.ContainerSpec?.Image,
      hasPreviousSpec: raw?.PreviousSpec != null,
      replicas: spec.Mode?.Replicated ? Number(spec.Mode.Replicated.Replicas ?? 1) : undefined,
      updateStatus: status?.State
        ? {
            state: status.State as UpdateState,
            startedAt: status.StartedAt,
            completedAt: status.CompletedAt,
            message: status.Message,
          }
        : undefined,
      labels: spec.Labels ?? {},
      networkTargets: ((spec.TaskTemplate?.Networks ?? []) as { Target?: unknown }[])
        .map((n) => String(n?.Target ?? ''))
        .filter(Boolean),
      hostModePorts: (
        (spec.EndpointSpec?.Ports ?? []) as { PublishMode?: unknown; PublishedPort?: unknown }[]
      )
        .filter((p) => p?.PublishMode === 'host' && Number(p.PublishedPort) > 0)
        .map((p) => Number(p.PublishedPort)),
      specJson: JSON.stringify(spec),
      taskTemplateJson: JSON.stringify(spec.TaskTemplate ?? {}),
    }
  })
}

/** Parses `docker service ps --no-trunc --format '{{json .}}'` output (one JSON object a line). */
export function parseTaskLines(text: string): TaskState[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const raw = JSON.parse(line) as Record<string, string>
      return {
        id: raw.ID ?? '',
        name: raw.Name ?? '',
        image: raw.Image ?? '',
        state: (raw.CurrentState ?? '').split(' ')[0]!.toLowerCase(),
        desiredState: (raw.DesiredState ?? '').toLowerCase(),
        error: raw.Error ?? '',
      }
    })
}

/** Inspects a service; undefined when it does not exist. */
export async function inspectService(
  docker: DockerRunner,
  service: string,
): Promise<ServiceState | undefined> {
  const result = await docker(['service', 'inspect', '--format', '{{json .}}', '--', service], {
    okExitCodes: 'any',
  })
  if (result.exitCode !== 0) {
    if (/no such service|not found/i.test(result.stderr)) return undefined
    throw new Error(
      `docker service inspect ${service} failed: ${result.stderr.trim() || result.stdout.trim()}`,
    )
  }
  const line = result.stdout.trim()
  return parseServiceInspect(line.startsWith('[') ? line : `[${line}]`)[0]
}

/** Inspects several services at once. */
export async function inspectServices(
  docker: DockerRunner,
  services: readonly string[],
): Promise<ServiceState[]> {
  if (services.length === 0) return []
  const result = await docker(['service', 'inspect', '--', ...services])
  return parseServiceInspect(result.stdout)
}

/** Tasks the orchestrator wants running (the current generation, however far along). */
export async function listCurrentTasks(docker: DockerRunner, service: string): Promise<TaskState[]> {
  const result = await docker([
    'service',
    'ps',
    '--no-trunc',
    '--filter',
    'desired-state=running',
    '--format',
    '{{json .}}',
    '--',
    service,
  ])
  return parseTaskLines(result.stdout)
}

/** Running tasks of a service on the given image. */
export async function countRunningReplicas(
  docker: DockerRunner,
  service: string,
  image: string,
): Promise<number> {
  const tasks = await listCurrentTasks(docker, service)
  return tasks.filter((t) => t.state === 'running' && sameImage(t.image, image)).length
}

/** Every task the engine still remembers, including failed and shut-down ones. */
export async function listAllTasks(docker: DockerRunner, service: string): Promise<TaskState[]> {
  const result = await docker(['service', 'ps', '--no-trunc', '--format', '{{json .}}', '--', service])
  return parseTaskLines(result.stdout)
}

/** The names of a stack's services, from the namespace label `docker stack deploy` sets. */
export async function listStackServices(docker: DockerRunner, stack: string): Promise<string[]> {
  const result = await docker([
    'service',
    'ls',
    '--filter',
    `label=com.docker.stack.namespace=${stack}`,
    '--format',
    '{{.Name}}',
  ])
  return result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort()
}

/** Same image, ignoring a digest the engine pinned on one side only. */
export function sameImage(a: string, b: string): boolean {
  return a === b || stripDigest(a) === stripDigest(b)
}

export function stripDigest(image: string): string {
  const at = image.indexOf('@')
  return at === -1 ? image : image.slice(0, at)
}

/**
 * Fails with a clear message unless the engine is a swarm manager: service and stack
 * commands only work there.
 */
export async function assertSwarmManager(docker: DockerRunner, hostLabel: string): Promise<void> {
  const result = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])
  const [nodeState = '', control = ''] = result.stdout.trim().split(/\s+/)
  if (control === 'true') return
  const why =
    nodeState === 'active'
      ? 'it is a swarm worker; service and stack commands must run on a manager'
      : nodeState === 'inactive' || nodeState === ''
        ? 'swarm mode is not enabled there (run `docker swarm init` on the manager, `docker swarm join` on the others)'
        : `its swarm state is ${nodeState}`
  throw new UserError(
    `Provider swarm needs a swarm manager, but the engine at ${hostLabel} is not one: ${why}. ` +
      `Point input docker-host at a manager node.`,
  )
}
