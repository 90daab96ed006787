import { UserError } from '@pipeline-kit/common'
import { createDockerRunner, type DockerRunner } from '@pipeline-kit/docker'

/**
 * The docker CLI with the run's environment (`RunWorkflowOptions.env`, so DOCKER_HOST
 * chooses the engine); arguments are arrays, never a shell string.
 */
export function dockerCli(engineEnv: Readonly<Record<string, string>> = {}): DockerRunner {
  return createDockerRunner({ env: engineEnv, defaultTimeoutMs: 300_000 })
}

/**
 * Fails with a UserError naming what needed Docker when no engine answers (no CLI, or a
 * daemon that does not respond), so a container step or job never passes unrun.
 */
export async function requireDockerEngine(cli: DockerRunner, what: string): Promise<void> {
  let why: string | undefined
  try {
    const result = await cli(['version', '--format', '{{.Server.Version}}'], {
      okExitCodes: 'any',
      timeoutMs: 30_000,
    })
    if (result.exitCode !== 0)
      why = `the Docker engine does not answer (${(result.stderr || result.stdout).trim().split('\n').at(-1)})`
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    why = 'the docker CLI is not installed'
  }
  if (why) throw new UserError(`${what} needs Docker, and ${why}: install Docker and start dockerd`)
}

/** A docker object name of this run: `pk-<kind>-<random>` (lower case, as image names must be). */
export function dockerName(kind: string): string {
  return `pk-${kind}-${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`
}
