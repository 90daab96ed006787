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
  lines.push(renderServicesTable(result.services), '')
  if (result.engineConvergenceMs !== undefined) {
    lines.push(`Engine convergence: ${formatDuration(result.engineConvergenceMs)}`, '')
  }
  lines.push('#### Timeline', '', renderSwarmTimeline(result.timeline), '')
  return lines.join('\n')
}

/** The services section of the deploy action's summary (beside its own outcome and timeline). */
export function renderSwarmServicesSection(result: SwarmDeployResult): string {
  return ['### Services', '', renderServicesTable(result.services)].join('\n')
}

/** One row a service: image, previous image (or created) and running/desired replicas. */
function renderServicesTable(services: SwarmDeployResult['services']): string {
  return markdownTable(
    ['Service', 'Image', 'Previous image', 'Replicas'],
    services.map((s) => [
      s.service,
      s.image,
      s.created ? '(created)' : (s.previousImage ?? ''),
      `${s.replicas}/${s.desiredReplicas}`,
    ]),
  )
}
