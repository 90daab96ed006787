import { formatDuration } from '@pipeline-kit/common'
import type { WorkflowResult } from './types'

/**
 * The end-of-run report, readable in a terminal: the jobs and their results, the
 * annotations grouped by job and step (level, file:line, title, message), the job
 * summaries as the markdown the steps wrote, and the final verdict with the first failure.
 */
export function renderRunReport(result: WorkflowResult): string {
  const lines: string[] = [
    '',
    `══ ${result.workflow}: ${result.success ? 'succeeded' : 'FAILED'} in ${formatDuration(result.durationMs)}`,
    '',
  ]
  for (const job of result.jobs) {
    const mark = { success: '✓', failure: '✗', cancelled: '⊘', skipped: '○' }[job.result]
    lines.push(
      `  ${mark} ${job.name.padEnd(32)} ${job.result.padEnd(8)} ${formatDuration(job.durationMs)}${job.reason && job.result !== 'success' ? `  ${job.reason}` : ''}`,
    )
  }
  const notRun = result.jobs.flatMap((j) =>
    j.steps.filter((s) => s.kind === 'not-run-locally').map((s) => `${j.name} › ${s.name}`),
  )
  if (notRun.length > 0) {
    lines.push(
      '',
      `── Steps not run locally (third-party actions without a local equivalent): ${notRun.length}`,
    )
    for (const n of notRun) lines.push(`  - ${n}`)
  }
  if (result.annotations.length > 0) {
    lines.push('', `── Annotations (${result.annotations.length})`)
    for (const a of result.annotations) {
      const where = a.file ? ` ${a.file}${a.line ? `:${a.line}${a.col ? `:${a.col}` : ''}` : ''}` : ''
      const title = a.title ? ` ${a.title}:` : ''
      lines.push(
        `  ${a.level.toUpperCase().padEnd(7)} [${a.job} › ${a.step}]${where}${title} ${a.message.replace(/\n/g, '\n          ')}`,
      )
    }
  }
  if (result.summaries.length > 0) {
    lines.push('', `── Job summaries (${result.summaries.length})`)
    for (const s of result.summaries) {
      lines.push('', `┌ ${s.job} › ${s.step}`)
      for (const l of s.markdown.trimEnd().split('\n')) lines.push(`│ ${l}`)
      lines.push('└')
    }
  }
  lines.push('')
  lines.push(
    result.failure
      ? `✗ Pipeline stopped at job '${result.failure.job}': ${result.failure.reason}`
      : `✓ Pipeline succeeded (${result.jobs.filter((j) => j.result === 'success').length} job(s) ran, ${result.jobs.filter((j) => j.result === 'skipped').length} skipped)`,
  )
  return lines.join('\n') + '\n'
}
