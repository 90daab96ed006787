import { detailsBlock, escapeCell, formatDuration, markdownTable } from '@pipeline-kit/common'
import type { Diagnostic, Severity } from './model'
import type { FailLevel, LintReport } from './report'

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }
const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** `file:line:col` for display. */
export function formatLocation(d: Diagnostic): string {
  if (!d.file) return '(project)'
  return `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}`
}

export interface SummaryOptions {
  readonly failLevel: FailLevel
  readonly failed: boolean
  /** Findings listed per tool (most severe first). */
  readonly topPerTool?: number
  readonly patchPath?: string
  readonly sarifPath?: string
  readonly checkRunUrl?: string
}

/**
 * The job summary: the verdict, a table of tools (status, counts, time), the top findings
 * of each tool, locations several tools flagged, and what crashed or is missing, with
 * the tail of its output.
 */
export function renderLintSummary(report: LintReport, options: SummaryOptions): string {
  const { counts } = report
  const verdict = options.failed ? '❌ failed' : '✅ passed'
  const parts = [
    `## Lint: ${verdict}`,
    '',
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.notice, 'notice')} from ${plural(report.tools.length, 'tool')} (fail-level: ${options.failLevel}).`,
  ]
  if (report.onlyChanged !== 'off') {
    parts.push(
      '',
      `Only findings on changed ${report.onlyChanged === 'files' ? 'files' : 'lines'} are kept; ${plural(report.filteredOut, 'finding')} elsewhere ${report.filteredOut === 1 ? 'was' : 'were'} left out.`,
    )
  }
  const statusText = (s: string) =>
    s === 'ok' ? '✅ ran' : s === 'missing' ? '🚫 not installed' : '💥 crashed'
  parts.push(
    '',
    markdownTable(
      ['Tool', 'Status', 'Errors', 'Warnings', 'Notices', 'Time'],
      report.tools.map((t) => [
        t.tool,
        statusText(t.status),
        t.counts.error,
        t.counts.warning,
        t.counts.notice,
        formatDuration(t.durationMs),
      ]),
    ),
  )
  const extraTools = Object.keys(report.byTool).filter((name) => !report.tools.some((t) => t.tool === name))
  if (extraTools.length > 0) {
    parts.push(
      '',
      'Tools named in ingested SARIF files:',
      '',
      markdownTable(
        ['Tool', 'Errors', 'Warnings', 'Notices'],
        extraTools.map((name) => [
          name,
          report.byTool[name]!.error,
          report.byTool[name]!.warning,
          report.byTool[name]!.notice,
        ]),
      ),
    )
  }
  for (const t of report.tools) {
    if (t.status === 'ok' || !t.problem) continue
    parts.push('', `**${escapeCell(t.tool)}**: ${escapeCell(t.problem)}`)
    if (t.outputTail) parts.push('', detailsBlock(`${t.tool} output (last lines)`, t.outputTail))
  }
  const top = options.topPerTool ?? 10
  const byTool = new Map<string, Diagnostic[]>()
  for (const d of report.diagnostics) {
    let list = byTool.get(d.tool)
    if (!list) byTool.set(d.tool, (list = []))
    list.push(d)
  }
  for (const [tool, list] of byTool) {
    const shown = [...list].sort((a, b) => RANK[a.severity] - RANK[b.severity]).slice(0, top)
    parts.push(
      '',
      `### ${escapeCell(tool)}: ${plural(list.length, 'finding')}`,
      '',
      markdownTable(
        ['', 'Location', 'Rule', 'Message'],
        shown.map((d) => [
          ICON[d.severity],
          formatLocation(d),
          d.rule ?? '',
          d.message.split('\n')[0]!.slice(0, 300),
        ]),
      ),
    )
    if (list.length > shown.length)
      parts.push('', `… and ${list.length - shown.length} more in the JSON report.`)
  }
  if (report.groups.length > 0) {
    parts.push(
      '',
      `${plural(report.groups.length, 'location')} flagged by several tools: ` +
        report.groups
          .slice(0, 10)
          .map((g) => `\`${g.key}\` (${g.tools.join(', ')})`)
          .join(', ') +
        (report.groups.length > 10 ? ', …' : ''),
    )
  }
  const links: string[] = []
  if (options.checkRunUrl) links.push(`[check run with every annotation](${options.checkRunUrl})`)
  if (options.sarifPath) links.push(`SARIF: \`${options.sarifPath}\``)
  if (options.patchPath) links.push(`fixes as a patch: \`${options.patchPath}\` (apply with \`git apply\`)`)
  if (links.length > 0) parts.push('', links.join(' · '))
  return parts.join('\n') + '\n'
}

/** A finding as an annotation (the shape gh.annotate takes). */
export function toAnnotation(d: Diagnostic): {
  level: Severity
  message: string
  title: string
  file?: string
  line?: number
  endLine?: number
  column?: number
  endColumn?: number
} {
  const sameLine = d.endLine === undefined || d.endLine === d.line
  return {
    level: d.severity,
    message: d.message,
    title: `${d.tool}${d.rule ? ` ${d.rule}` : ''}`,
    file: d.file && !d.file.startsWith('/') ? d.file : undefined,
    line: d.line,
    endLine: d.endLine,
    // GitHub only takes columns on single-line annotations.
    column: sameLine ? d.column : undefined,
    endColumn: sameLine && d.column !== undefined ? d.endColumn : undefined,
  }
}

/** A finding as a check-run annotation (file-level findings sit on line 1). */
export function toCheckRunAnnotation(d: Diagnostic & { file: string }): {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title: string
} {
  const start = d.line ?? 1
  const end = Math.max(d.endLine ?? start, start)
  const columns = start === end && d.column !== undefined
  return {
    path: d.file,
    start_line: start,
    end_line: end,
    ...(columns ? { start_column: d.column } : {}),
    ...(columns && d.endColumn !== undefined && d.endColumn >= d.column! ? { end_column: d.endColumn } : {}),
    annotation_level: d.severity === 'error' ? 'failure' : d.severity,
    message: d.message.slice(0, 64_000) || '(no message)',
    title: `${d.tool}${d.rule ? ` ${d.rule}` : ''}`.slice(0, 255),
  }
}

/**
 * The content of the lint check run: conclusion, title, the summary markdown and the
 * annotations for findings in the repository, errors first. Past `maxAnnotations` (what the
 * check run will carry) the summary says how many more are in the reports.
 */
export function renderCheckRun(
  report: LintReport,
  options: { failLevel: FailLevel; failed: boolean; maxAnnotations: number },
): {
  conclusion: 'success' | 'failure'
  title: string
  summary: string
  annotations: ReturnType<typeof toCheckRunAnnotation>[]
} {
  const located = report.diagnostics
    .filter((d): d is typeof d & { file: string } => !!d.file && !d.file.startsWith('/'))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity])
  const annotations = located.map(toCheckRunAnnotation)
  const more =
    located.length > options.maxAnnotations
      ? `\n${located.length - options.maxAnnotations} more findings (past \`max-annotations: ${options.maxAnnotations}\`) are in the JSON report and the SARIF file.\n`
      : ''
  const { error, warning, notice } = report.counts
  return {
    conclusion: options.failed ? 'failure' : 'success',
    title: `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(notice, 'notice')}`,
    summary: renderLintSummary(report, options) + more,
    annotations,
  }
}
