import { connectDockerStep } from '@pipeline-kit/deploy-swarm'
import { Timeline } from '@pipeline-kit/deployments'
import type { DockerDeps } from './deploy-container'
import type { DockerRollbackOptions } from './options'
import { undoReplacement, type DockerPending } from './undo-replacement'

/**
 * Undoes a replacement the main step recorded but never finished (the job was cancelled
 * or timed out between the start of the new container and its verification): the deploy
 * action's post step calls it with the record from GITHUB_STATE. Returns what was done.
 */
export async function recoverDockerContainer(
  options: DockerRollbackOptions,
  pending: DockerPending,
  deps: Pick<DockerDeps, 'logger' | 'timeline' | 'docker' | 'now' | 'sleep' | 'tempDir'>,
): Promise<string> {
  const now = deps.now ?? (() => performance.now())
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const timeline = deps.timeline ?? new Timeline(now)
  const connection = await connectDockerStep(timeline, options.connection, {
    logger: deps.logger,
    open: deps.docker,
    tempDir: deps.tempDir,
  })
  try {
    return await timeline.step(
      'rollback',
      () => undoReplacement(options, pending, { docker: connection.run, logger: deps.logger, now, sleep }),
      (d) => d,
    )
  } finally {
    if (!deps.docker) connection.close()
  }
}
