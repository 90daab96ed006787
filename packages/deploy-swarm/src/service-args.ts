import type { HealthCheckSettings, RollingUpdateSettings } from './options'

/** A duration in the Go syntax the docker CLI parses. */
export function goDuration(ms: number): string {
  return `${Math.round(ms)}ms`
}

/**
 * The rolling-update flags, and the same settings for the engine's rollback so a
 * rollback is as gentle as the update (start-first, monitored).
 */
export function rollingUpdateFlags(settings: RollingUpdateSettings): string[] {
  return [
    '--update-parallelism',
    String(settings.parallelism),
    '--update-delay',
    goDuration(settings.delayMs),
    '--update-order',
    settings.order,
    '--update-monitor',
    goDuration(settings.monitorMs),
    '--update-failure-action',
    settings.failureAction,
    '--update-max-failure-ratio',
    String(settings.maxFailureRatio),
    '--rollback-parallelism',
    String(settings.parallelism),
    '--rollback-delay',
    '0s',
    '--rollback-order',
    settings.order,
    '--rollback-monitor',
    goDuration(settings.monitorMs),
    '--rollback-failure-action',
    'pause',
  ]
}

/** Health-check flags; empty when no health-check input is set (the image HEALTHCHECK applies). */
export function healthCheckFlags(health: HealthCheckSettings = {}): string[] {
  const flags: string[] = []
  if (health.cmd !== undefined) flags.push('--health-cmd', health.cmd)
  if (health.intervalMs !== undefined) flags.push('--health-interval', goDuration(health.intervalMs))
  if (health.timeoutMs !== undefined) flags.push('--health-timeout', goDuration(health.timeoutMs))
  if (health.retries !== undefined) flags.push('--health-retries', String(health.retries))
  if (health.startPeriodMs !== undefined)
    flags.push('--health-start-period', goDuration(health.startPeriodMs))
  return flags
}

export interface CreateServiceSpec {
  readonly service: string
  readonly image: string
  readonly replicas: number
  readonly update: RollingUpdateSettings
  readonly healthCheck?: HealthCheckSettings
  readonly publish?: readonly string[]
  readonly networks?: readonly string[]
  /** Path of an env file written with mode 0600 (values never reach argv). */
  readonly envFile?: string
}

/** `docker service create` arguments: detached (the provider waits itself), registry auth forwarded. */
export function createServiceArgs(spec: CreateServiceSpec): string[] {
  return [
    'service',
    'create',
    '--detach',
    '--quiet',
    '--with-registry-auth',
    '--name',
    spec.service,
    '--replicas',
    String(spec.replicas),
    ...rollingUpdateFlags(spec.update),
    ...healthCheckFlags(spec.healthCheck),
    ...(spec.publish ?? []).flatMap((p) => ['--publish', p]),
    ...(spec.networks ?? []).flatMap((n) => ['--network', n]),
    ...(spec.envFile ? ['--env-file', spec.envFile] : []),
    '--',
    spec.image,
  ]
}

export interface UpdateServiceSpec {
  readonly service: string
  readonly image: string
  readonly replicas?: number
  readonly update: RollingUpdateSettings
  readonly healthCheck?: HealthCheckSettings
  readonly env?: Readonly<Record<string, string>>
}

/** `docker service update --image …` arguments, detached, registry auth forwarded. */
export function updateServiceArgs(spec: UpdateServiceSpec): string[] {
  return [
    'service',
    'update',
    '--detach',
    '--quiet',
    '--with-registry-auth',
    '--image',
    spec.image,
    ...(spec.replicas !== undefined ? ['--replicas', String(spec.replicas)] : []),
    ...rollingUpdateFlags(spec.update),
    ...healthCheckFlags(spec.healthCheck),
    ...Object.entries(spec.env ?? {}).flatMap(([k, v]) => ['--env-add', `${k}=${v}`]),
    '--',
    spec.service,
  ]
}
