import { markdownTable } from '@pipeline-kit/common'
import { describeStep } from './plan'
import type { ReleaseResult } from './release'

/** The job summary of a release or dry run: steps with their status, tag decisions, the notes. */
export function renderReleaseSummary(result: ReleaseResult): string {
  const { plan } = result
  const title = result.dryRun
    ? `## Release ${plan.tag}: dry run, nothing changed`
    : `## Release ${plan.tag}: ✅ released`
  const rows = plan.steps.map((step, i) => [
    i + 1,
    describeStep(step),
    result.dryRun ? 'would run' : result.done.includes(step) ? 'done' : 'not run',
  ])
  const lines = [
    title,
    '',
    `Commit \`${plan.commit}\`${plan.prerelease ? ' · prerelease' : ''}${result.previousTag ? ` · changes since ${result.previousTag}` : ''}${result.releaseUrl ? ` · [release page](${result.releaseUrl})` : ''}`,
    '',
    markdownTable(['#', 'Step', 'Status'], rows),
  ]
  if (plan.floatingNotes.length) lines.push('', ...plan.floatingNotes.map((n) => `- ${n}`))
  lines.push('', '<details><summary>Release notes</summary>', '', result.notes.trim(), '', '</details>', '')
  return lines.join('\n')
}
