import type { ProcessResult } from '@pipeline-kit/common'
import type { DockerRunner } from '@pipeline-kit/docker'
import type { DockerConnection } from '@pipeline-kit/docker/connection'

/**
 * A scripted single-service swarm behind the DockerRunner interface, for unit tests of
 * the provider's control flow. Each `service inspect` advances the engine one tick.
 * (Real behaviour is covered by test/deploy-swarm against a real swarm.)
 */
export interface FakeSwarmOptions {
  readonly manager?: 'manager' | 'worker' | 'inactive'
  readonly existing?: {
    readonly image: string
    readonly replicas: number
    /** Attached networks: swarm network ID → driver (`host` for the host's network). */
    readonly networks?: Readonly<Record<string, string>>
    /** Ports published in host mode. */
    readonly hostPorts?: readonly number[]
  }
  /** Ticks an update takes before the engine reports completed. */
  readonly updateTicks?: number
  /** The engine rolls the update back instead of completing it (a failing health check). */
  readonly updateFails?: boolean
  /** The update never finishes. */
  readonly updateHangs?: boolean
}

interface Task {
  id: string
  slot: number
  image: string
  state: string
  desired: string
  error: string
}

export function createFakeSwarm(options: FakeSwarmOptions = {}) {
  const calls: string[][] = []
  let tick = 0
  let counter = 0
  let service:
    | {
        name: string
        image: string
        previous?: string
        replicas: number
        version: number
        status?: { State: string; StartedAt: string; CompletedAt?: string; Message: string }
        finishAt?: number
        mode?: 'update' | 'rollback'
        healthCmd?: string
      }
    | undefined = options.existing
    ? { name: '', image: options.existing.image, replicas: options.existing.replicas, version: 1 }
    : undefined
  let tasks: Task[] = []
  const startTasks = (image: string) => {
    for (const t of tasks)
      if (t.desired === 'running') Object.assign(t, { desired: 'shutdown', state: 'shutdown' })
    for (let slot = 1; slot <= (service?.replicas ?? 0); slot++) {
      tasks.push({ id: `t${++counter}`, slot, image, state: 'running', desired: 'running', error: '' })
    }
  }
  if (service) startTasks(service.image)
  const ok = (stdout = '', exitCode = 0, stderr = ''): ProcessResult => ({
    command: 'docker',
    args: [],
    exitCode,
    signal: null,
    stdout,
    stderr,
    durationMs: 1,
    timedOut: false,
  })
  const flag = (args: readonly string[], name: string) => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args[i + 1]
  }
  const taskLine = (t: Task) =>
    JSON.stringify({
      ID: t.id,
      Name: `${service?.name}.${t.slot}`,
      Image: t.image,
      CurrentState: `${t.state[0]!.toUpperCase()}${t.state.slice(1)} 1 second ago`,
      DesiredState: t.desired[0]!.toUpperCase() + t.desired.slice(1),
      Error: t.error,
    })
  const advance = () => {
    tick++
    if (!service?.status || service.finishAt === undefined || tick < service.finishAt) return
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString()
    if (service.mode === 'update' && options.updateFails) {
      const failed = service.image
      service.image = service.previous!
      service.previous = undefined
      tasks.push({
        id: `t${++counter}`,
        slot: 1,
        image: failed,
        state: 'complete',
        desired: 'shutdown',
        error: '',
      })
      startTasks(service.image)
      service.status = {
        ...service.status,
        State: 'rollback_completed',
        CompletedAt: at,
        Message: 'rollback completed',
      }
    } else if (service.mode === 'update') {
      startTasks(service.image)
      service.status = { ...service.status, State: 'completed', CompletedAt: at, Message: 'update completed' }
    } else {
      startTasks(service.image)
      service.status = {
        ...service.status,
        State: 'rollback_completed',
        CompletedAt: at,
        Message: 'rollback completed',
      }
    }
    service.finishAt = undefined
  }

  const run: DockerRunner = async (args) => {
    calls.push([...args])
    const [a, b] = args
    if (a === 'info') {
      const m = options.manager ?? 'manager'
      return ok(m === 'manager' ? 'active true\n' : m === 'worker' ? 'active false\n' : 'inactive false\n')
    }
    if (a === 'service' && b === 'inspect') {
      advance()
      if (!service) return ok('', 1, `Error: no such service: ${args.at(-1)}`)
      const wrap = (json: string) => (args.includes('--format') ? json : `[${json}]`)
      return ok(
        wrap(
          JSON.stringify({
            ID: 'svc1',
            Version: { Index: service.version },
            Spec: {
              Name: service.name || args.at(-1),
              Mode: { Replicated: { Replicas: service.replicas } },
              TaskTemplate: {
                ContainerSpec: { Image: service.image, Healthcheck: service.healthCmd },
                Networks: Object.keys(options.existing?.networks ?? {}).map((Target) => ({ Target })),
              },
              EndpointSpec: {
                Mode: 'vip',
                Ports: (options.existing?.hostPorts ?? []).map((port) => ({
                  Protocol: 'tcp',
                  TargetPort: 80,
                  PublishedPort: port,
                  PublishMode: 'host',
                })),
              },
            },
            PreviousSpec: service.previous
              ? { TaskTemplate: { ContainerSpec: { Image: service.previous } } }
              : null,
            UpdateStatus: service.status,
          }),
        ) + '\n',
      )
    }
    if (a === 'service' && b === 'create') {
      service = {
        name: flag(args, '--name')!,
        image: args.at(-1)!,
        replicas: Number(flag(args, '--replicas')),
        version: 1,
      }
      startTasks(service.image)
      return ok('svc1\n')
    }
    if (a === 'service' && b === 'update' && service) {
      const image = flag(args, '--image')!
      service.name = args.at(-1)!
      const replicas = flag(args, '--replicas')
      if (replicas !== undefined && Number(replicas) !== service.replicas) {
        // Scaling changes the spec but not the task template: no rolling update.
        service.replicas = Number(replicas)
        service.version++
        startTasks(service.image)
      }
      if (image === service.image) return ok('')
      service.previous = service.image
      service.image = image
      service.version++
      service.mode = 'update'
      service.status = {
        State: 'updating',
        StartedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString(),
        Message: 'update in progress',
      }
      service.finishAt = options.updateHangs ? undefined : tick + (options.updateTicks ?? 2)
      return ok('')
    }
    if (a === 'service' && b === 'rollback' && service) {
      if (!service.previous) return ok('', 1, 'Error: service does not have a previous spec')
      ;[service.image, service.previous] = [service.previous, service.image]
      service.version++
      service.mode = 'rollback'
      service.status = {
        State: 'rollback_started',
        StartedAt: new Date(Date.UTC(2026, 0, 1, 0, 1, tick)).toISOString(),
        Message: 'manually requested rollback',
      }
      service.finishAt = tick + 1
      return ok('')
    }
    if (a === 'network' && b === 'inspect') {
      const ids = args.slice(args.indexOf('--') + 1)
      const drivers = ids.map((id) => options.existing?.networks?.[id])
      if (drivers.some((d) => d === undefined)) return ok('', 1, 'Error: No such network')
      return ok(drivers.join('\n') + '\n')
    }
    if (a === 'service' && b === 'rm') {
      service = undefined
      tasks = []
      return ok('')
    }
    if (a === 'service' && b === 'ps') {
      const current = args.includes('desired-state=running')
      return ok(
        tasks
          .filter((t) => !current || t.desired === 'running')
          .map(taskLine)
          .join('\n'),
      )
    }
    return ok('', 1, `fake swarm: unexpected docker ${args.join(' ')}`)
  }
  const connection: DockerConnection = { run, hostLabel: 'the fake engine', close() {} }
  return { connection, calls, state: () => ({ service, tasks }) }
}
