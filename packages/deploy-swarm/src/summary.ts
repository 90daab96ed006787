import { formatDuration, markdownTable } from '@pipeline-kit/common'
import type { SwarmDeployResult } from './deploy-context'
import { renderSwarmTimeline } from './timeline'

/**
 * The job-summary section of a swarm deployment: outcome, services with their
 * replicas and previous image, and the update timeline.
 */
export function renderSwarmSummary(result: SwarmDeployResult, failure?: string): string {
  const title =
    result.mode === 'rollback'
      ? '### Swarm rollback'
      : `### Swarm ${result.mode === 'stack' ? 'stack' : 'service'} deployment${failure ? ' failed' : ''}`
  const lines = [title, '']
  if (failure) lines.push(`> ${failure.replace(/\n/g, ' ')}`, '')
  if (result.rolledBack && result.rollbackDetail) lines.push(`**Rolled back:** ${result.rollbackDetail}`, '')
  lines.push(
    markdownTable(
      ['Service', 'Image', 'Previous image', 'Replicas'],
      result.services.map((s) => [
        s.service,
        s.image,
        s.created ? '(created)' : (s.previousImage ?? ''),
        `${s.replicas}/${s.desiredReplicas}`,
      ]),
    ),
    '',
  )
  if (result.engineConvergenceMs !== undefined) {
    lines.push(`Engine convergence: ${formatDuration(result.engineConvergenceMs)}`, '')
  }
  lines.push('#### Timeline', '', renderSwarmTimeline(result.timeline), '')
  return lines.join('\n')
}
