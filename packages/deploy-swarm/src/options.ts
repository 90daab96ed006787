import type { DockerEngineTarget } from '@pipeline-kit/docker/connection'
import { UserError } from '@pipeline-kit/common'

/** What the engine does when an updated task fails during the rolling update. */
export type FailureAction = 'rollback' | 'pause' | 'continue'
/** start-first starts the new task before stopping the old one (zero downtime). */
export type UpdateOrder = 'start-first' | 'stop-first'

/**
 * Rolling-update settings, named after the action inputs (update-parallelism,
 * update-delay, update-order, update-monitor, update-failure-action,
 * update-max-failure-ratio). Durations are milliseconds.
 */
export interface RollingUpdateSettings {
  readonly parallelism: number
  readonly delayMs: number
  readonly order: UpdateOrder
  readonly monitorMs: number
  readonly failureAction: FailureAction
  /** 0 to 1: the share of updated tasks allowed to fail before failureAction applies. */
  readonly maxFailureRatio: number
}

/** The defaults the action's inputs carry: one at a time, start-first, roll back on the first failure. */
export const DEFAULT_ROLLING_UPDATE: RollingUpdateSettings = {
  parallelism: 1,
  delayMs: 5_000,
  order: 'start-first',
  monitorMs: 10_000,
  failureAction: 'rollback',
  maxFailureRatio: 0,
}

/**
 * A health check given as inputs (health-cmd, health-interval, health-timeout,
 * health-retries, health-start-period); without one the image's HEALTHCHECK applies.
 */
export interface HealthCheckSettings {
  /** Run by the container's shell (CMD-SHELL), e.g. `wget -q -O /dev/null http://127.0.0.1:8080/health`. */
  readonly cmd?: string
  readonly intervalMs?: number
  readonly timeoutMs?: number
  readonly retries?: number
  readonly startPeriodMs?: number
}

/** How the docker CLI reaches the manager and the registry. */
export type SwarmConnection = DockerEngineTarget

/** Options of deploySwarmService (mode `service`). */
export interface SwarmServiceOptions {
  /** Input `service`: the swarm service to update, created when it does not exist. */
  readonly service: string
  /** Input `image`: the image reference to roll out (usually the image-build action's output). */
  readonly image: string
  /** Input `replicas`: used when creating; when updating, only if given. */
  readonly replicas?: number
  readonly update?: Partial<RollingUpdateSettings>
  readonly healthCheck?: HealthCheckSettings
  /** Used when creating: `--publish` specs (e.g. `published=8080,target=80,mode=host`). */
  readonly publish?: readonly string[]
  /** Used when creating: networks (`host` for the host's network). */
  readonly networks?: readonly string[]
  /** Environment (non-secret configuration; use Docker secrets for secrets). */
  readonly env?: Readonly<Record<string, string>>
  /** Input `convergence-timeout`: how long the rolling update may take. Default 5 minutes. */
  readonly convergenceTimeoutMs?: number
  readonly connection?: SwarmConnection
}

/** Options of deploySwarmStack (mode `stack`). */
export interface SwarmStackOptions {
  /** Input `stack`: the stack name (services become `<stack>_<service>`). */
  readonly stack: string
  /** Input `compose-file`: path of the compose file, relative to `cwd`. */
  readonly composeFile: string
  /** Input `image`: substituted for every service whose image has the same repository. */
  readonly image?: string
  /** Rolling-update settings filled into services whose compose file sets none. */
  readonly update?: Partial<RollingUpdateSettings>
  readonly convergenceTimeoutMs?: number
  readonly cwd?: string
  readonly connection?: SwarmConnection
}

/** Options of rollbackSwarm (manual rollback: `rollback: true`). */
export type SwarmRollbackOptions = (
  | { readonly service: string; readonly stack?: undefined }
  | { readonly stack: string; readonly service?: undefined }
) & {
  readonly convergenceTimeoutMs?: number
  readonly connection?: SwarmConnection
}

export const DEFAULT_CONVERGENCE_TIMEOUT_MS = 5 * 60_000

const DNS_COMPONENT = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/

/**
 * Swarm names must be a DNS name component: 1–63 letters, digits, `-` or `_`,
 * starting and ending with a letter or digit (the engine's own rule).
 */
export function validateSwarmName(input: string, value: string, maxLength = 63): string {
  if (value.length === 0) throw new UserError(`Input ${input} is required for provider swarm`)
  if (value.length > maxLength || !DNS_COMPONENT.test(value)) {
    throw new UserError(
      `Input ${input} has an invalid value ${JSON.stringify(value)}: expected 1–${maxLength} letters, digits, ` +
        `'-' or '_', starting and ending with a letter or digit (a swarm name must be a DNS name component)`,
    )
  }
  return value
}

/** Checks an image reference closely enough to catch a missing or mistyped input. */
export function validateImageReference(input: string, value: string): string {
  if (!value) throw new UserError(`Input ${input} is required for provider swarm`)
  if (/\s/.test(value) || value.startsWith('-') || !/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(value)) {
    throw new UserError(
      `Input ${input} has an invalid value ${JSON.stringify(value)}: expected an image reference such as ` +
        `ghcr.io/owner/app:1.2.3 or app@sha256:<digest>`,
    )
  }
  return value
}

/** Fills defaults and checks ranges; errors name the input. */
export function resolveRollingUpdate(update: Partial<RollingUpdateSettings> = {}): RollingUpdateSettings {
  const settings = { ...DEFAULT_ROLLING_UPDATE, ...stripUndefined(update) }
  if (!Number.isInteger(settings.parallelism) || settings.parallelism < 0) {
    throw new UserError(
      `Input update-parallelism has an invalid value ${settings.parallelism}: expected a whole number ≥ 0 (0 updates all at once)`,
    )
  }
  for (const [input, value] of [
    ['update-delay', settings.delayMs],
    ['update-monitor', settings.monitorMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new UserError(`Input ${input} has an invalid value ${value} ms: expected a duration ≥ 0`)
    }
  }
  if (!['start-first', 'stop-first'].includes(settings.order)) {
    throw new UserError(
      `Input update-order has an invalid value ${JSON.stringify(settings.order)}: expected start-first or stop-first`,
    )
  }
  if (!['rollback', 'pause', 'continue'].includes(settings.failureAction)) {
    throw new UserError(
      `Input update-failure-action has an invalid value ${JSON.stringify(settings.failureAction)}: expected rollback, pause or continue`,
    )
  }
  if (
    !Number.isFinite(settings.maxFailureRatio) ||
    settings.maxFailureRatio < 0 ||
    settings.maxFailureRatio > 1
  ) {
    throw new UserError(
      `Input update-max-failure-ratio has an invalid value ${settings.maxFailureRatio}: expected a number from 0 to 1`,
    )
  }
  return settings
}

/** Checks the health-check inputs; errors name the input. */
export function validateHealthCheck(health: HealthCheckSettings = {}): HealthCheckSettings {
  for (const [input, value] of [
    ['health-interval', health.intervalMs],
    ['health-timeout', health.timeoutMs],
    ['health-start-period', health.startPeriodMs],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new UserError(`Input ${input} has an invalid value ${value} ms: expected a duration > 0`)
    }
  }
  if (health.retries !== undefined && (!Number.isInteger(health.retries) || health.retries < 1)) {
    throw new UserError(
      `Input health-retries has an invalid value ${health.retries}: expected a whole number ≥ 1`,
    )
  }
  if (health.cmd !== undefined && health.cmd.trim() === '') {
    throw new UserError(
      'Input health-cmd is empty: give a command, or leave it unset to use the image HEALTHCHECK',
    )
  }
  return health
}

/** Checks a replica count input. */
export function validateReplicas(value: number | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < 0) {
    throw new UserError(`Input replicas has an invalid value ${value}: expected a whole number ≥ 0`)
  }
  return value
}

/** Checks a convergence-timeout input and applies the default. */
export function resolveConvergenceTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_CONVERGENCE_TIMEOUT_MS
  if (!Number.isFinite(value) || value <= 0) {
    throw new UserError(`Input convergence-timeout has an invalid value ${value} ms: expected a duration > 0`)
  }
  return value
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
