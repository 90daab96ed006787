import {
  detailsBlock,
  escapeCell,
  escapeHtml,
  formatDuration,
  markdownTable,
  utf8Bytes,
} from '@pipeline-kit/common'
import { decisiveProblem, testTitle } from './annotations'
import type { SourceLocation } from './locate'
import { slowestTests } from './merge'
import type { TestCase, TestResults } from './model'
import type { Verdict } from './verdict'

export interface SummaryOptions {
  readonly title?: string
  /** Bytes the whole summary may take; failures beyond it are counted, not listed. Default 900 KiB. */
  readonly maxBytes?: number
  /** Slowest tests to list; default 10. */
  readonly slowest?: number
  /** Where each failing test was located (for links and the file column). */
  readonly locate?: (test: TestCase) => SourceLocation | undefined
  /** A base URL for source links, e.g. https://github.com/o/r/blob/<sha>. */
  readonly blobUrl?: string
  /** Lines added at the end (annotations not emitted, the check run's URL…). */
  readonly notes?: readonly string[]
}

const MAX_TRACE_CHARS = 8 * 1024

/**
 * The job summary: verdict and totals, failed tests with message and a collapsed trace,
 * flaky tests, slowest tests and the reports read. Failures that do not fit in maxBytes
 * are counted in an explicit line, so the summary never silently ends.
 */
export function renderTestSummary(
  results: TestResults,
  verdict: Verdict,
  options: SummaryOptions = {},
): string {
  const { totals } = results
  const maxBytes = options.maxBytes ?? 900 * 1024
  const icon = verdict.conclusion === 'failure' ? '❌' : verdict.conclusion === 'neutral' ? '⚠️' : '✅'
  const headline =
    verdict.conclusion === 'failure'
      ? `failed: ${verdict.reasons.join('; ')}`
      : verdict.conclusion === 'neutral'
        ? `${totals.failed + totals.errored} failing test(s), allowed by fail-on`
        : 'passed'
  const head = [
    `## ${options.title ?? 'Test results'}: ${icon} ${escapeHtml(headline)}`,
    '',
    markdownTable(
      ['Tests', '✅ Passed', '❌ Failed', '💥 Errored', '⏭️ Skipped', '🔁 Flaky', 'Duration'],
      [
        [
          totals.tests,
          totals.passed,
          totals.failed,
          totals.errored,
          totals.skipped,
          totals.flaky,
          formatDuration(totals.durationMs),
        ],
      ],
    ),
    '',
  ]
  const tail: string[] = []
  const flaky = results.tests.filter((t) => t.status === 'flaky')
  if (flaky.length) {
    tail.push(`### 🔁 Flaky tests (${flaky.length})`, '')
    tail.push(
      markdownTable(
        ['Test', 'Attempts', 'First failure'],
        flaky
          .slice(0, 50)
          .map((t) => [testTitle(t), t.runs.length, firstLine(decisiveProblem(t)?.message ?? '')]),
      ),
    )
    if (flaky.length > 50)
      tail.push('', `… and ${flaky.length - 50} more flaky tests (see the results JSON).`)
    tail.push('')
  }
  const slowest = results.slowest ?? slowestTests(results.tests, options.slowest ?? 10)
  if (slowest.length) {
    tail.push(`### 🐢 Slowest tests`, '')
    tail.push(
      markdownTable(
        ['Test', 'Duration'],
        slowest.map((t) => [testTitle(t), formatDuration(t.durationMs)]),
      ),
    )
    tail.push('')
  }
  tail.push(`### Reports (${results.reports.length})`, '')
  tail.push(
    markdownTable(
      ['Report', 'Test cases', 'Failed', 'Errored', 'Skipped'],
      results.reports
        .slice(0, 100)
        .map((r) => [
          r.file,
          r.elements.testcases,
          r.elements.failed,
          r.elements.errored,
          r.elements.skipped,
        ]),
    ),
  )
  if (results.reports.length > 100) tail.push('', `… and ${results.reports.length - 100} more reports.`)
  if (results.warnings.length) {
    tail.push('', `**Warnings (${results.warnings.length})**`, '')
    for (const w of results.warnings.slice(0, 20)) tail.push(`- ${escapeCell(w)}`)
    if (results.warnings.length > 20) tail.push(`- … and ${results.warnings.length - 20} more (see the log).`)
  }
  for (const note of options.notes ?? []) tail.push('', note)
  tail.push('')

  const failing = results.tests.filter((t) => t.status === 'failed' || t.status === 'errored')
  const budget = maxBytes - utf8Bytes(head.join('\n')) - utf8Bytes(tail.join('\n')) - 512
  const failures: string[] = []
  if (failing.length) {
    failures.push(`### ❌ Failed tests (${failing.length})`, '')
    let used = utf8Bytes(failures.join('\n'))
    let shown = 0
    for (const test of failing) {
      const block = renderFailure(test, options)
      const size = utf8Bytes(block) + 1
      if (used + size > budget) break
      failures.push(block)
      used += size
      shown++
    }
    if (shown < failing.length) {
      failures.push(
        '',
        `> **Truncated:** ${failing.length - shown} more failed tests are not listed to stay within GitHub's 1 MiB job summary; every failure is in the results JSON.`,
      )
    }
    failures.push('')
  }
  return [...head, ...failures, ...tail].join('\n')
}

function renderFailure(test: TestCase, options: SummaryOptions): string {
  const problem = decisiveProblem(test)
  const location = options.locate?.(test)
  const where = location
    ? options.blobUrl
      ? ` — [${escapeHtml(location.path)}:${location.line}](${options.blobUrl}/${encodeURI(location.path)}#L${location.line})`
      : ` — \`${location.path}:${location.line}\``
    : ''
  const attempts = test.runs.length > 1 ? ` (${test.runs.length} attempts)` : ''
  const lines = [`**${escapeHtml(testTitle(test))}**${attempts}${where}`, '']
  const message = problem?.message ?? `Test ${test.status}`
  lines.push(...quote(message.length > 2000 ? `${message.slice(0, 2000)}…` : message), '')
  if (problem?.details && problem.details.trim() !== message.trim()) {
    const trace =
      problem.details.length > MAX_TRACE_CHARS
        ? `${problem.details.slice(0, MAX_TRACE_CHARS)}\n…`
        : problem.details
    lines.push(detailsBlock('Stack trace', trace), '')
  }
  return lines.join('\n')
}

function quote(text: string): string[] {
  return text
    .split('\n')
    .slice(0, 20)
    .map((line) => `> ${escapeHtml(line)}`)
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? ''
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}
