import { UserError } from '@pipeline-kit/common'
import { describeAttempts, inspectContainer, type DockerRunner } from '@pipeline-kit/docker'

export interface WaitOptions {
  readonly deadlineMs: number
  /** Without a HEALTHCHECK the container must keep running this long. */
  readonly settleMs: number
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly pollMs: number
}

/**
 * Waits until the container is healthy (by its HEALTHCHECK), or, without one, has kept
 * running for settleMs. Throws when it exits, turns unhealthy or misses the deadline.
 */
export async function waitHealthy(docker: DockerRunner, name: string, options: WaitOptions): Promise<string> {
  const started = options.now()
  for (;;) {
    const state = await inspectContainer(docker, name)
    if (!state) throw new UserError(`Container ${name} disappeared while starting`)
    if (state.status === 'exited' || state.status === 'dead') {
      throw new UserError(`Container ${name} exited with code ${state.exitCode} before becoming healthy`)
    }
    if (state.health === 'healthy') return 'healthy'
    if (state.health === 'unhealthy') {
      throw new UserError(
        `Container ${name} is unhealthy${state.healthOutput ? `: ${state.healthOutput.split('\n')[0]}` : ''}`,
      )
    }
    const elapsed = options.now() - started
    if (state.health === undefined && state.running && elapsed >= options.settleMs) {
      return `running for ${Math.round(elapsed / 100) / 10}s (the image has no HEALTHCHECK)`
    }
    if (elapsed > options.deadlineMs) {
      throw new UserError(
        `Container ${name} did not become healthy within ${Math.round(options.deadlineMs / 1000)}s (health: ${state.health ?? 'none'})`,
      )
    }
    await options.sleep(options.pollMs)
  }
}

/** Makes sure the image is on the engine, pulling it when not; a missing image is a UserError. */
export async function ensureImage(docker: DockerRunner, image: string, where: string): Promise<string> {
  const local = await docker(['image', 'inspect', '--format', '{{.Id}}', image], { okExitCodes: 'any' })
  if (local.exitCode === 0) return 'present'
  const pulled = await docker(['pull', '--quiet', image], {
    okExitCodes: 'any',
    timeoutMs: 15 * 60_000,
    registryOperation: `docker pull ${image}`,
  })
  if (pulled.exitCode === 0) return 'pulled'
  const reason = pulled.stderr.trim().split('\n').at(-1) ?? ''
  throw new UserError(
    `Image ${image} does not exist on ${where} and could not be pulled${describeAttempts(pulled.attempts ?? 1)}: ${reason}`,
  )
}
