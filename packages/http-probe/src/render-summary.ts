import { markdownTable } from '@pipeline-kit/common'
import type { ProbeReport } from './probe'

/** The job-summary section for a probe report: one row per target, then each failure. */
export function renderProbeSummary(report: ProbeReport, title = 'Smoke test'): string {
  const verdict = report.passed
    ? '✅ passed'
    : `❌ failed (${report.failedCount} assertion${report.failedCount === 1 ? '' : 's'})`
  const rows = report.targets.map((t) => [
    t.passed ? '✅' : '❌',
    `${t.method} ${t.url}`,
    t.attempts.at(-1)?.status ?? t.attempts.at(-1)?.error ?? '',
    t.attempts.length,
    t.samples.length
      ? `${Math.round(t.latency.median)} / ${Math.round(t.latency.p95)} / ${Math.round(t.latency.max)}`
      : '–',
  ])
  const lines = [
    `## ${title}: ${verdict}`,
    '',
    markdownTable(['', 'Target', 'Last status', 'Attempts', 'Latency ms (median / p95 / max)'], rows),
  ]
  const failed = report.targets.filter((t) => !t.passed)
  if (failed.length) {
    lines.push('', '### Failures', '')
    for (const t of failed)
      for (const f of t.failures) lines.push(`- \`${t.method} ${t.url}\` — **${f.assertion}**: ${f.message}`)
  }
  return lines.join('\n') + '\n'
}
