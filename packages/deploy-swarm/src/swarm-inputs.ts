import { UserError } from '@pipeline-kit/common'
import type { ProviderInputReader } from '@pipeline-kit/deployments'
import type { SwarmDeployResult, SwarmDeps } from './deploy-context'
import { deploySwarmService } from './deploy-service'
import { deploySwarmStack } from './deploy-stack'
import {
  ENGINE_INPUT_NAMES,
  HEALTH_CHECK_INPUT_NAMES,
  parseEngineConnection,
  parseHealthCheckInputs,
} from './engine-inputs'
import {
  DEFAULT_CONVERGENCE_TIMEOUT_MS,
  DEFAULT_ROLLING_UPDATE,
  type SwarmRollbackOptions,
  type SwarmServiceOptions,
  type SwarmStackOptions,
  validateSwarmName,
} from './options'
import { rollbackSwarm } from './rollback'

/** The reader parseSwarmInputs takes; `gh.input` satisfies it. */
export type SwarmInputReader = ProviderInputReader

/** Every input the swarm provider reads, as actions/deploy's action.yml must declare them. */
export const SWARM_INPUT_NAMES = [
  'service',
  'stack',
  'compose-file',
  'replicas',
  'update-parallelism',
  'update-delay',
  'update-order',
  'update-monitor',
  'update-failure-action',
  'update-max-failure-ratio',
  ...HEALTH_CHECK_INPUT_NAMES,
  'publish',
  'networks',
  'env',
  'convergence-timeout',
  ...ENGINE_INPUT_NAMES,
] as const

/** Defaults for action.yml, as the parser applies them. */
export const SWARM_INPUT_DEFAULTS = {
  'update-parallelism': String(DEFAULT_ROLLING_UPDATE.parallelism),
  'update-delay': '5s',
  'update-order': DEFAULT_ROLLING_UPDATE.order,
  'update-monitor': '10s',
  'update-failure-action': DEFAULT_ROLLING_UPDATE.failureAction,
  'update-max-failure-ratio': String(DEFAULT_ROLLING_UPDATE.maxFailureRatio),
  'convergence-timeout': '5m',
} as const

export type SwarmPlan =
  | { readonly mode: 'service'; readonly options: SwarmServiceOptions }
  | { readonly mode: 'stack'; readonly options: SwarmStackOptions }
  | { readonly mode: 'rollback'; readonly options: SwarmRollbackOptions }

/**
 * Parses the swarm inputs into the options of one call. `image` and `rollback` are the
 * deploy action's shared inputs; `workspace` resolves compose-file. Secret-bearing inputs
 * (ssh-key, registry-password) must be masked by the caller (gh.secret) before logging.
 */
export function parseSwarmInputs(
  input: SwarmInputReader,
  shared: { readonly image?: string; readonly rollback: boolean; readonly workspace: string },
): SwarmPlan {
  const service = input.optional('service')
  const stack = input.optional('stack')
  if (service && stack) {
    throw new UserError(
      'Inputs service and stack are both set: give service (one service) or stack (with compose-file)',
    )
  }
  if (!service && !stack) {
    throw new UserError(
      'Provider swarm needs input service (update one service) or stack (deploy a compose file)',
    )
  }
  // Names are checked here, before the deploy action records a deployment for them.
  if (service) validateSwarmName('service', service)
  if (stack) validateSwarmName('stack', stack)
  const connection = parseEngineConnection(input)
  const convergenceTimeoutMs = input.duration('convergence-timeout', DEFAULT_CONVERGENCE_TIMEOUT_MS, {
    min: 1000,
  })
  if (shared.rollback) {
    return {
      mode: 'rollback',
      options: service
        ? { service, convergenceTimeoutMs, connection }
        : { stack: stack!, convergenceTimeoutMs, connection },
    }
  }
  const update = {
    parallelism: input.integer('update-parallelism', DEFAULT_ROLLING_UPDATE.parallelism, { min: 0 }),
    delayMs: input.duration('update-delay', DEFAULT_ROLLING_UPDATE.delayMs, { min: 0 }),
    order: input.enum('update-order', ['start-first', 'stop-first'], DEFAULT_ROLLING_UPDATE.order),
    monitorMs: input.duration('update-monitor', DEFAULT_ROLLING_UPDATE.monitorMs, { min: 0 }),
    failureAction: input.enum(
      'update-failure-action',
      ['rollback', 'pause', 'continue'],
      DEFAULT_ROLLING_UPDATE.failureAction,
    ),
    maxFailureRatio: input.number('update-max-failure-ratio', DEFAULT_ROLLING_UPDATE.maxFailureRatio, {
      min: 0,
      max: 1,
    }),
  }
  if (stack) {
    const composeFile = input.optional('compose-file')
    if (!composeFile) throw new UserError('Input compose-file is required with input stack')
    return {
      mode: 'stack',
      options: {
        stack,
        composeFile,
        image: shared.image,
        update,
        convergenceTimeoutMs,
        cwd: shared.workspace,
        connection,
      },
    }
  }
  if (!shared.image) throw new UserError('Input image is required for provider swarm with input service')
  return {
    mode: 'service',
    options: {
      service: service!,
      image: shared.image,
      replicas: input.optionalInteger('replicas', { min: 0 }),
      update,
      healthCheck: parseHealthCheckInputs(input),
      publish: input.list('publish', 'lines'),
      networks: input.list('networks'),
      env: input.map('env'),
      convergenceTimeoutMs,
      connection,
    },
  }
}

/** Runs the parsed plan: the one call actions/deploy makes for provider swarm. */
export function runSwarmPlan(plan: SwarmPlan, deps: SwarmDeps): Promise<SwarmDeployResult> {
  switch (plan.mode) {
    case 'service':
      return deploySwarmService(plan.options, deps)
    case 'stack':
      return deploySwarmStack(plan.options, deps)
    case 'rollback':
      return rollbackSwarm(plan.options, deps)
  }
}
