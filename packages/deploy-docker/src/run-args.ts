import { UserError } from '@pipeline-kit/common'
import type { HealthCheckSettings } from '@pipeline-kit/deploy-swarm'
import type { DockerDeployOptions } from './options'

/** Labels the provider reads back on the next deployment or rollback. */
export const LABELS = {
  deploy: 'pipeline-kit.deploy',
  release: 'pipeline-kit.release',
  image: 'pipeline-kit.image',
  port: 'pipeline-kit.port',
  previousImage: 'pipeline-kit.previous-image',
  previousRelease: 'pipeline-kit.previous-release',
  /** `true` on the container of an environment's first deployment (nothing earlier to go back to). */
  firstDeployment: 'pipeline-kit.first-deployment',
} as const

/** The `docker run` arguments for one container of a deployment; values never carry env or secrets. */
export function buildRunArgs(
  options: Pick<DockerDeployOptions, 'image' | 'network' | 'containerPort' | 'healthCheck'>,
  container: { name: string; port: number; envFile: string; labels: Readonly<Record<string, string>> },
): string[] {
  const args = ['run', '--detach', '--name', container.name, '--restart', 'unless-stopped']
  for (const [key, value] of Object.entries(container.labels)) args.push('--label', `${key}=${value}`)
  args.push('--env-file', container.envFile)
  if (options.network === 'host') args.push('--network', 'host')
  else args.push('--publish', `${container.port}:${options.containerPort ?? container.port}`)
  args.push(...healthArgs(options.healthCheck))
  args.push(options.image)
  return args
}

function healthArgs(health: HealthCheckSettings | undefined): string[] {
  if (!health) return []
  const args: string[] = []
  if (health.cmd) args.push('--health-cmd', health.cmd)
  if (health.intervalMs !== undefined) args.push('--health-interval', `${health.intervalMs}ms`)
  if (health.timeoutMs !== undefined) args.push('--health-timeout', `${health.timeoutMs}ms`)
  if (health.retries !== undefined) args.push('--health-retries', String(health.retries))
  if (health.startPeriodMs !== undefined) args.push('--health-start-period', `${health.startPeriodMs}ms`)
  return args
}

/**
 * The --env-file content: user env, then secret env, then PORT and RELEASE_ID (the provider's
 * own, so they win). Docker's env-file has no quoting, so a value with a newline is refused
 * naming only its key.
 */
export function renderEnvFile(
  env: Readonly<Record<string, string>>,
  secretEnv: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): string {
  const lines: string[] = []
  for (const [input, values] of [
    ['env', env],
    ['secret-env', secretEnv],
    ['', own],
  ] as const) {
    for (const [key, value] of Object.entries(values)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        throw new UserError(
          `Input ${input || 'env'} has an invalid variable name '${key}': expected letters, digits and _`,
        )
      }
      if (/[\r\n]/.test(value)) {
        throw new UserError(
          `Input ${input || 'env'}: the value of ${key} contains a line break, which an env file cannot carry`,
        )
      }
      lines.push(`${key}=${value}`)
    }
  }
  return lines.join('\n') + '\n'
}

/** Container names as docker allows them. */
export function validateContainerName(name: string, input = 'container-name'): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$/.test(name)) {
    throw new UserError(
      `Input ${input} has invalid value '${name}': expected letters, digits, '_', '.' or '-', starting with a letter or digit`,
    )
  }
  return name
}
