import { UserError } from '@pipeline-kit/common'
import type { ProviderInputReader } from '@pipeline-kit/deployments'
import type { HealthCheckSettings, SwarmConnection } from './options'

/** The inputs naming the engine and the registry (docker and swarm providers). */
export const ENGINE_INPUT_NAMES = [
  'docker-host',
  'known-hosts',
  'ssh-key',
  'registry',
  'registry-username',
  'registry-password',
] as const

/** The inputs of a health check that overrides the image's HEALTHCHECK. */
export const HEALTH_CHECK_INPUT_NAMES = [
  'health-cmd',
  'health-interval',
  'health-timeout',
  'health-retries',
  'health-start-period',
] as const

/**
 * Reads docker-host, known-hosts, ssh-key and the registry credentials, which go
 * together (all three or none). The caller masks ssh-key and registry-password.
 */
export function parseEngineConnection(input: Pick<ProviderInputReader, 'optional'>): SwarmConnection {
  const registry = input.optional('registry')
  const username = input.optional('registry-username')
  const password = input.optional('registry-password')
  if ((username || password) && !(registry && username && password)) {
    throw new UserError(
      'Inputs registry, registry-username and registry-password go together: set all three or none',
    )
  }
  return {
    dockerHost: input.optional('docker-host'),
    knownHosts: input.optional('known-hosts'),
    sshKey: input.optional('ssh-key'),
    registry: registry && username && password ? { server: registry, username, password } : undefined,
  }
}

/** Reads the health-* inputs; each one left empty keeps the image's setting. */
export function parseHealthCheckInputs(
  input: Pick<ProviderInputReader, 'optional' | 'optionalInteger' | 'optionalDuration'>,
): HealthCheckSettings {
  return {
    cmd: input.optional('health-cmd'),
    intervalMs: input.optionalDuration('health-interval', { min: 1 }),
    timeoutMs: input.optionalDuration('health-timeout', { min: 1 }),
    retries: input.optionalInteger('health-retries', { min: 0 }),
    startPeriodMs: input.optionalDuration('health-start-period', { min: 1 }),
  }
}
