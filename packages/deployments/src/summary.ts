import { markdownTable } from '@pipeline-kit/common'
import type { DeploymentEvent } from './deployment'
import { renderTimeline, type TimelineEntry } from './timeline'

/** Everything the deploy action's job summary shows. */
export interface DeploySummary {
  readonly provider: string
  readonly environment: string
  readonly outcome: 'success' | 'failure' | 'rolled back'
  readonly releaseId?: string
  readonly environmentUrl?: string
  readonly deploymentId?: number
  /** One line on what failed, when it did. */
  readonly failure?: string
  /** What was rolled back, when it was. */
  readonly rollback?: string
  readonly steps: readonly TimelineEntry[]
  /** Statuses already set; the action appends the final ones with {@link renderDeploymentsApiSection}. */
  readonly deploymentEvents?: readonly DeploymentEvent[]
  /** Provider-specific sections (the swarm's services table, the smoke-check report). */
  readonly extraSections?: readonly string[]
}

/** The job summary: verdict, facts, the step timeline and the Deployments API statuses. */
export function renderDeploySummary(s: DeploySummary): string {
  const verdict =
    s.outcome === 'success' ? '✅ deployed' : s.outcome === 'rolled back' ? '↩️ rolled back' : '❌ failed'
  const lines = [`## Deploy to ${s.environment} (${s.provider}): ${verdict}`, '']
  if (s.failure) lines.push(`> ${s.failure.replace(/\s*\n\s*/g, ' ')}`, '')
  if (s.rollback) lines.push(`**Rolled back:** ${s.rollback}`, '')
  const facts: [string, string][] = []
  if (s.releaseId) facts.push(['Release', s.releaseId])
  if (s.environmentUrl) facts.push(['Environment URL', s.environmentUrl])
  facts.push(['GitHub deployment', s.deploymentId !== undefined ? String(s.deploymentId) : 'not tracked'])
  lines.push(markdownTable(['', ''], facts), '', '### Timeline', '', renderTimeline(s.steps), '')
  if (s.deploymentEvents?.length) lines.push(renderDeploymentsApiSection(s.deploymentEvents), '')
  for (const section of s.extraSections ?? []) lines.push(section.trimEnd(), '')
  return lines.join('\n')
}

/**
 * The Deployments API statuses set and the calls that failed. Written after the rest of
 * the summary, so a failing or hanging API cannot keep the deployment's result from it.
 */
export function renderDeploymentsApiSection(
  events: readonly DeploymentEvent[],
  apiFailures: readonly string[] = [],
): string {
  if (!events.length && !apiFailures.length) return ''
  const lines = ['### Deployments API', '']
  if (events.length) {
    lines.push(
      markdownTable(
        ['Status', 'Detail'],
        events.map((e) => [e.state, e.detail]),
      ),
      '',
    )
  }
  for (const failure of apiFailures) lines.push(`> ⚠️ ${failure}`, '')
  return lines.join('\n')
}
