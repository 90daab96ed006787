import { escapeCell, truncateChars } from '@pipeline-kit/common'
import type { CoverageResult } from './analyse'
import type { Counter, Metric } from './model'
import { formatPercent } from './percent'

export interface RenderOptions {
  /** Heading, e.g. `Coverage` or `Coverage (backend)`. */
  readonly title: string
  /** The most characters the text may have (65,536 for a comment, more for the summary). */
  readonly maxChars: number
  /** A line placed first (the sticky comment's hidden marker). */
  readonly marker?: string
  /** A note shown under the heading (e.g. why the comment went to the summary). */
  readonly note?: string
  /** Where the complete table is when this one is cut. */
  readonly moreAt?: string
}

const LABELS: Record<Metric, string> = { lines: 'Lines', branches: 'Branches', functions: 'Functions' }
const INPUTS: Record<Metric, string> = {
  lines: 'min-lines',
  branches: 'min-branches',
  functions: 'min-functions',
}

const cell = (text: string) => escapeCell(text)
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`
const counts = (c: Counter) => (c.total ? `${c.covered} / ${c.total}` : '–')

function formatDelta(delta: number | undefined): string {
  if (delta === undefined) return '–'
  if (delta === 0) return '±0.00'
  return `${delta > 0 ? '+' : ''}${delta.toFixed(2)} ${delta > 0 ? '▲' : '▼'}`
}

/** The hidden line that identifies this action's comment on a pull request. */
export function commentMarker(id: string): string {
  return `<!-- pipeline-kit-coverage: ${id.replace(/--+/g, '-').replace(/[<>]/g, '')} -->`
}

/**
 * The coverage report as markdown (for the sticky comment and the job summary): status
 * heading, totals with delta and thresholds, failed thresholds one per line, uncovered
 * changed lines, then files worst first until the character budget is spent, with an
 * explicit line saying how many files were left out.
 */
export function renderCoverageMarkdown(result: CoverageResult, options: RenderOptions): string {
  const head: string[] = []
  if (options.marker) head.push(options.marker)
  const failed = result.thresholds.filter((t) => !t.passed)
  const status = failed.length ? '❌' : '✅'
  head.push(`### ${status} ${options.title}: ${formatPercent(result.percent.lines)} of lines`)
  head.push('')
  if (options.note) head.push(`> ${options.note}`, '')

  const base = result.baseline
  const deltaHeader = base ? `Δ vs ${base.ref.replace(/^refs\/heads\//, '')}` : 'Δ'
  head.push(row(['Metric', 'Coverage', 'Covered', deltaHeader, 'Required']))
  head.push('| --- | --- | --- | --- | --- |')
  for (const metric of ['lines', 'branches', 'functions'] as const) {
    const check = result.thresholds.find((t) => t.input === INPUTS[metric])
    head.push(
      row([
        LABELS[metric],
        formatPercent(result.percent[metric]),
        counts(result.totals[metric]),
        formatDelta(result.delta?.[metric]),
        check ? `≥ ${check.required}% ${check.passed ? '✅' : '❌'}` : '',
      ]),
    )
  }
  if (result.patch) {
    const check = result.thresholds.find((t) => t.input === 'min-patch')
    head.push(
      row([
        'Changed lines',
        formatPercent(result.patch.percent),
        counts(result.patch),
        '',
        check ? `≥ ${check.required}% ${check.passed ? '✅' : '❌'}` : '',
      ]),
    )
  }
  const fileCheck = result.thresholds.find((t) => t.input === 'min-file-lines')
  if (fileCheck)
    head.push(
      row([
        'Each file (lines)',
        formatPercent(fileCheck.actual),
        '',
        '',
        `≥ ${fileCheck.required}% ${fileCheck.passed ? '✅' : '❌'}`,
      ]),
    )
  head.push('')
  if (failed.length) head.push('**Failed thresholds:**', ...failed.map((t) => `- ${t.reason}`), '')
  const notes = result.thresholds.filter((t) => t.passed && t.reason).map((t) => `- ${t.reason}`)
  if (notes.length) head.push(...notes, '')
  if (base)
    head.push(
      `Baseline: \`${base.sha.slice(0, 7)}\` on ${base.ref.replace(/^refs\/heads\//, '')} (${base.createdAt.slice(0, 10)}).`,
      '',
    )
  else if (result.baselineNote) head.push(`Baseline: ${result.baselineNote}`, '')
  if (result.patch?.withoutLineData.length)
    head.push(
      `Changed files with totals only (no lines to match): ${result.patch.withoutLineData.map((p) => `\`${p}\``).join(', ')}.`,
      '',
    )

  const sections: string[][] = []
  const uncovered = result.patch?.files.filter((f) => f.uncovered.length) ?? []
  if (uncovered.length) {
    const ranges = uncovered.reduce((n, f) => n + f.uncovered.length, 0)
    sections.push([
      `<details open><summary>Changed lines not covered: ${ranges} range(s) in ${uncovered.length} file(s)</summary>`,
      '',
      row(['File', 'Changed lines covered', 'Not covered']),
      '| --- | --- | --- |',
      ...uncovered.map((f) =>
        row([
          f.path,
          `${f.covered} / ${f.total}`,
          f.uncovered.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}–${r.end}`)).join(', '),
        ]),
      ),
      '',
      '</details>',
      '',
    ])
  }
  sections.push([
    `<details><summary>${result.files.length} file(s), lowest line coverage first</summary>`,
    '',
    row(['File', 'Lines', 'Branches', 'Functions']),
    '| --- | --- | --- | --- |',
    ...result.files.map((f) =>
      row([
        f.path,
        `${formatPercent(f.percent.lines)} (${counts(f.totals.lines)})`,
        formatPercent(f.percent.branches),
        formatPercent(f.percent.functions),
      ]),
    ),
    '',
    '</details>',
    '',
  ])
  const warnings = result.warnings
    .slice(0, 20)
    .map((w) => `- \`${w.file}${w.line ? `:${w.line}${w.column ? `:${w.column}` : ''}` : ''}\`: ${w.message}`)
  const tail = warnings.length
    ? [
        '**Warnings:**',
        ...warnings,
        ...(result.warnings.length > 20 ? [`- … ${result.warnings.length - 20} more`] : []),
        '',
      ]
    : []

  return fitWithin(head, sections, tail, options)
}

/** Adds table rows until the budget is spent; cut tables end with a line saying so. */
function fitWithin(head: string[], sections: string[][], tail: string[], options: RenderOptions): string {
  const reserve = 400
  let text = head.join('\n') + '\n'
  const tailText = tail.join('\n')
  for (const section of sections) {
    const bodyStart = section.indexOf('') + 3 // after the summary, blank line, header, separator
    const bodyEnd = section.length - 3
    const opening = section.slice(0, bodyStart).join('\n') + '\n'
    const closing = section.slice(bodyEnd).join('\n') + '\n'
    if (text.length + opening.length + closing.length + tailText.length + reserve > options.maxChars) break
    text += opening
    let kept = bodyStart
    for (; kept < bodyEnd; kept++) {
      const line = section[kept]! + '\n'
      if (text.length + line.length + closing.length + tailText.length + reserve > options.maxChars) break
      text += line
    }
    if (kept < bodyEnd) {
      text += `\n**Truncated:** ${bodyEnd - kept} more row(s) not shown to stay within ${options.maxChars} characters${options.moreAt ? `; ${options.moreAt}` : ''}.\n`
    }
    text += closing
  }
  text += tailText
  return truncateChars(text, options.maxChars, 'the coverage report')
}
