import { openDockerConnection, type DockerConnection } from '@pipeline-kit/docker/connection'
import type { Logger } from '@pipeline-kit/common'
import type { SwarmConnection } from './options'
import type { Timeline } from './timeline'

/**
 * The connection the caller already holds (`open`, as tests pass one), or a new one
 * opened as the timeline's `connect` step; the caller closes only one it did not pass.
 */
export async function connectDockerStep(
  timeline: Timeline,
  connection: SwarmConnection | undefined,
  deps: { readonly logger: Logger; readonly open?: DockerConnection; readonly tempDir?: string },
): Promise<DockerConnection> {
  return (
    deps.open ??
    timeline.step(
      'connect',
      () => openDockerConnection(connection, deps.logger, deps.tempDir),
      (c) => c.hostLabel,
    )
  )
}
