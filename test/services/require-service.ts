import { spawnSync } from 'node:child_process'

/**
 * Whether an external service a suite needs is there. Outside CI a missing service skips
 * the suite (say so in the log); with CI=true it throws, so CI never passes by skipping.
 */
export function requireService(name: string, isAvailable: () => boolean, howToFix: string): boolean {
  if (isAvailable()) return true
  const message = `${name} is not available: ${howToFix}`
  if (process.env.CI === 'true') throw new Error(`${message} (required when CI=true)`)
  console.warn(`skipping suites that need ${name}: ${message}`)
  return false
}

/** Exit status 0 of a quick command, without a shell. */
export function commandSucceeds(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 })
  return result.status === 0
}

/** True when a Docker engine answers. */
export const dockerIsRunning = () => commandSucceeds('docker', ['info', '--format', '{{.ServerVersion}}'])

/** Call at the top of a suite that needs Docker: `describe.runIf(needDocker())`. */
export const needDocker = () =>
  requireService(
    'Docker engine',
    dockerIsRunning,
    'install docker.io and start dockerd (bash .ci/run does both)',
  )
