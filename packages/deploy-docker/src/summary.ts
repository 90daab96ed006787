import { markdownTable } from '@pipeline-kit/common'
import type { DockerDeployResult } from './deploy-container'

/** The container section of the deploy action's summary: what serves now, and what it replaced. */
export function renderContainerSection(result: DockerDeployResult): string {
  return [
    '### Container',
    '',
    markdownTable(
      ['Container', 'Image', 'Previous image', 'Port'],
      [[result.container, result.image || '(none)', result.previousImage ?? '(none)', result.port ?? '']],
    ),
  ].join('\n')
}
