import { UserError } from '@pipeline-kit/common'
import { annotationLocation, buildAnnotations, type CheckRunAnnotation } from './annotations'
import { checkRunTitle, orderAnnotations } from './check-run'
import type { CollectedResults } from './collect'
import { createWorkspaceFiles, indexWorkspaceFiles, type SourceLocation } from './locate'
import type { TestCase, TestResults } from './model'
import { writeResultsJson } from './results-json'
import { renderTestSummary } from './summary'
import { decideVerdict, type Verdict, type VerdictOptions } from './verdict'

export interface PreparedReport {
  readonly results: TestResults
  readonly verdict: Verdict
  /** Every failed, errored and flaky test placed in the workspace, failures first. */
  readonly annotations: readonly CheckRunAnnotation[]
  readonly locate: (test: TestCase) => SourceLocation | undefined
  /** The action outputs that describe the results. */
  readonly outputs: Readonly<Record<string, string | number>>
  /** Check-run title and summary (the summary fits the 65,535-character limit); rendered on first use. */
  readonly checkRun: { readonly title: string; readonly summary: string }
}

/**
 * Everything after parsing: the verdict, source locations (indexing the workspace only when
 * something failed), annotations, the results JSON (finished by collected.writer when
 * collecting wrote it, else written to resultsPath) and the outputs.
 */
export async function prepareTestReport(
  collected: CollectedResults,
  options: VerdictOptions & {
    readonly workspace: string
    readonly resultsPath: string
    readonly checkName: string
  },
): Promise<PreparedReport> {
  const { results } = collected
  const { totals } = results
  const verdict = decideVerdict(totals, options)
  const needsSource = totals.failed + totals.errored + totals.flaky > 0
  const files = needsSource
    ? await indexWorkspaceFiles(options.workspace)
    : createWorkspaceFiles(options.workspace, [])
  const located = new Map<TestCase, SourceLocation | undefined>()
  const locate = (test: TestCase) => {
    if (!located.has(test)) located.set(test, annotationLocation(test, files))
    return located.get(test)
  }
  if (collected.writer) collected.writer.finish(results, verdict, locate)
  else writeResultsJson(options.resultsPath, results, verdict, locate)
  return {
    results,
    verdict,
    annotations: orderAnnotations(buildAnnotations(results, files, locate).annotations),
    locate,
    outputs: {
      total: totals.tests,
      passed: totals.passed,
      failed: totals.failed + totals.errored,
      errored: totals.errored,
      skipped: totals.skipped,
      flaky: totals.flaky,
      'duration-ms': totals.durationMs,
      conclusion: verdict.conclusion,
      'results-path': options.resultsPath,
    },
    checkRun: {
      title: checkRunTitle(totals),
      get summary() {
        return renderTestSummary(results, verdict, { maxBytes: 60_000, locate, title: options.checkName })
      },
    },
  }
}

/** Check-run annotations as workflow-command annotations (error for failures, warning for flaky). */
export function toWorkflowAnnotations(annotations: readonly CheckRunAnnotation[]) {
  return annotations.map((a) => ({
    level: a.annotation_level === 'failure' ? ('error' as const) : ('warning' as const),
    file: a.path,
    line: a.start_line,
    column: a.start_column,
    title: a.title,
    message: a.message,
  }))
}

/** The summary line for annotations GitHub would not show, and why there was no check run. */
export function droppedAnnotationsNote(dropped: number, noCheckRunReason: string | undefined): string {
  if (dropped === 0) return ''
  const why = noCheckRunReason
    ? `no check run: ${noCheckRunReason}`
    : 'set github-token to get every annotation on a check run'
  return `> **${dropped} more failing or flaky tests were not annotated:** GitHub shows 10 workflow annotations per level per step (${why}). They are all listed in the results JSON.`
}

/** One UserError for reports that could not be read (the first one's location kept), or undefined. */
export function unreadableReportsError(errors: readonly UserError[]): UserError | undefined {
  const [first] = errors
  if (!first) return undefined
  const lines = errors.map((e) => `- ${e.message}`).join('\n')
  return new UserError(
    `${errors.length} report(s) could not be read (malformed, truncated or not JUnit XML):\n${lines}`,
    first.location,
  )
}
