import { UserError } from '@pipeline-kit/common'
import {
  ENGINE_INPUT_NAMES,
  HEALTH_CHECK_INPUT_NAMES,
  parseEngineConnection,
  parseHealthCheckInputs,
  validateImageReference,
} from '@pipeline-kit/deploy-swarm'
import type { ProviderInputReader } from '@pipeline-kit/deployments'
import type { DockerDeployOptions, DockerRollbackOptions, SwitchStrategy } from './options'
import { validateContainerName } from './run-args'

/** The reader parseDockerInputs takes; `gh.input` satisfies it. */
export type DockerInputReader = ProviderInputReader

/** Every input the docker provider reads (several are shared with the swarm provider). */
export const DOCKER_INPUT_NAMES = [
  'container-name',
  'ports',
  'container-port',
  'network',
  'switch',
  'proxy-container',
  'proxy-reload',
  'ready-timeout',
  'keep-failed',
  'env',
  'secret-env',
  ...HEALTH_CHECK_INPUT_NAMES,
  ...ENGINE_INPUT_NAMES,
] as const

export const DOCKER_INPUT_DEFAULTS = {
  network: 'bridge',
  switch: 'proxy',
  'ready-timeout': '60s',
  'keep-failed': 'false',
} as const

export type DockerPlan =
  | { readonly mode: 'deploy'; readonly options: DockerDeployOptions }
  | { readonly mode: 'rollback'; readonly options: DockerRollbackOptions }

/**
 * Parses the docker provider's inputs; `image`, `releaseId` and `rollback` are the deploy
 * action's shared inputs. The caller masks ssh-key, registry-password and secret-env values.
 */
export function parseDockerInputs(
  input: DockerInputReader,
  shared: { readonly image?: string; readonly releaseId: string; readonly rollback: boolean },
): DockerPlan {
  const name = input.optional('container-name')
  if (!name) throw new UserError("Input 'container-name' is required for provider docker")
  validateContainerName(name)
  const strategy = input.enum<SwitchStrategy>('switch', ['proxy', 'stop-start'], 'proxy')
  const network = input.enum('network', ['host', 'bridge'], 'bridge')
  const ports = input.list('ports').map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      throw new UserError(`Input 'ports' has invalid value '${p}': expected port numbers from 1 to 65535`)
    }
    return Number(p)
  })
  const wanted = strategy === 'proxy' ? 2 : 1
  if (ports.length !== wanted || new Set(ports).size !== ports.length) {
    throw new UserError(
      strategy === 'proxy'
        ? "Input 'ports' needs two different host ports for switch: proxy (blue and green, e.g. 8081,8082)"
        : "Input 'ports' needs exactly one host port for switch: stop-start",
    )
  }
  const containerPort = input.optionalInteger('container-port', { min: 1, max: 65535 })
  const proxyContainer = input.optional('proxy-container')
  if (proxyContainer) validateContainerName(proxyContainer, 'proxy-container')
  const proxyReload = input.optional('proxy-reload')
  if (strategy === 'proxy' && !proxyReload) {
    throw new UserError(
      "Input 'proxy-reload' is required with switch: proxy: the command that points the proxy at $PK_UPSTREAM_PORT",
    )
  }
  const options: DockerRollbackOptions = {
    name,
    strategy,
    network,
    ports,
    containerPort,
    env: input.map('env'),
    secretEnv: input.map('secret-env'),
    healthCheck: parseHealthCheckInputs(input),
    readyTimeoutMs: input.duration('ready-timeout', 60_000, { min: 1000 }),
    proxyContainer,
    proxyReload,
    keepFailed: input.boolean('keep-failed', false),
    connection: parseEngineConnection(input),
  }
  if (shared.rollback) return { mode: 'rollback', options }
  if (!shared.image) throw new UserError("Input 'image' is required for provider docker")
  return {
    mode: 'deploy',
    options: {
      ...options,
      image: validateImageReference('image', shared.image ?? ''),
      releaseId: shared.releaseId,
    },
  }
}
