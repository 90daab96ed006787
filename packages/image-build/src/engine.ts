import { UserError } from '@pipeline-kit/common'
import type { BuildEngine } from './build-options'
import type { DockerRunner } from '@pipeline-kit/docker'

export type EnginePreference = 'auto' | BuildEngine

export interface EngineChoice {
  readonly engine: BuildEngine
  /** Why this engine, for the log. */
  readonly reason: string
  /** The buildx builder's driver (docker, docker-container, …) when buildx runs. */
  readonly driver?: string
}

/**
 * BuildKit through `docker buildx` when the plugin answers, else the classic builder.
 * `engine: buildx` without the plugin is a UserError, never a silent fallback.
 */
export async function chooseBuildEngine(
  docker: DockerRunner,
  preference: EnginePreference,
): Promise<EngineChoice> {
  if (preference === 'classic') return { engine: 'classic', reason: "input 'engine' is classic" }
  const version = await docker(['buildx', 'version'], { okExitCodes: 'any', timeoutMs: 30_000 })
  if (version.exitCode !== 0) {
    if (preference === 'buildx') {
      throw new UserError(
        "Input 'engine' is buildx but `docker buildx` is not installed here: install the buildx plugin (docker/setup-buildx-action) or use engine: auto",
      )
    }
    return { engine: 'classic', reason: '`docker buildx` is not installed' }
  }
  const inspect = await docker(['buildx', 'inspect'], { okExitCodes: 'any', timeoutMs: 60_000 })
  const driver = /^Driver:\s*(\S+)/m.exec(inspect.stdout)?.[1]
  return {
    engine: 'buildx',
    reason: `${version.stdout.trim().split('\n')[0]}${driver ? `, builder driver ${driver}` : ''}`,
    driver,
  }
}
