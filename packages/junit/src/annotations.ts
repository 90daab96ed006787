import { locateFailure, type SourceLocation, type WorkspaceFiles } from './locate'
import type { TestCase, TestProblem, TestResults } from './model'

/** A check-run annotation, shaped as the GitHub Checks API takes it. */
export interface CheckRunAnnotation {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly start_column?: number
  readonly end_column?: number
  readonly annotation_level: 'notice' | 'warning' | 'failure'
  readonly message: string
  readonly title?: string
  readonly raw_details?: string
}

const MAX_MESSAGE = 16 * 1024
const MAX_TITLE = 255
const MAX_RAW_DETAILS = 60 * 1024

/** The test's display name: suite › classname › name, without repeats. */
export function testTitle(test: Pick<TestCase, 'suite' | 'classname' | 'name'>): string {
  const parts: string[] = []
  const suite = test.suite[test.suite.length - 1]
  for (const part of [suite, test.classname, test.name]) {
    if (part && !parts.includes(part)) parts.push(part)
  }
  return parts.join(' › ') || '(unnamed test)'
}

/** The failure or error that decided a test's status (its last failing attempt's first). */
export function decisiveProblem(test: TestCase): TestProblem | undefined {
  for (let i = test.runs.length - 1; i >= 0; i--) {
    const problem = test.runs[i]!.problems[0]
    if (problem) return problem
  }
  return undefined
}

/**
 * Where to annotate a failing or flaky test: its source location when one is found, else
 * the `<testcase>` element in the report (when the report is inside the workspace).
 */
export function annotationLocation(test: TestCase, files: WorkspaceFiles): SourceLocation | undefined {
  const located = locateFailure(test, decisiveProblem(test), files)
  if (located) return located
  const report = files.resolve(test.report)
  return report ? { path: report, line: test.reportLine ?? 1 } : undefined
}

/**
 * One annotation per failed or errored test (level failure) and per flaky test (warning),
 * in report order; tests that cannot be placed in the workspace are counted in `unplaced`.
 */
export function buildAnnotations(
  results: Pick<TestResults, 'tests'>,
  files: WorkspaceFiles,
  locate: (test: TestCase) => SourceLocation | undefined = (test) => annotationLocation(test, files),
): { annotations: CheckRunAnnotation[]; unplaced: number } {
  const annotations: CheckRunAnnotation[] = []
  let unplaced = 0
  for (const test of results.tests) {
    if (test.status !== 'failed' && test.status !== 'errored' && test.status !== 'flaky') continue
    const location = locate(test)
    if (!location) {
      unplaced++
      continue
    }
    const problem = decisiveProblem(test)
    const attempts = test.runs.length
    const failedAttempts = test.runs.filter((r) => r.outcome === 'failed' || r.outcome === 'errored').length
    const message =
      test.status === 'flaky'
        ? `Flaky: failed ${failedAttempts} of ${attempts} attempts, then passed. ${problem?.message ?? ''}`
        : `${problem?.message ?? `Test ${test.status}`}${attempts > 1 ? ` (all ${attempts} attempts failed)` : ''}`
    annotations.push({
      path: location.path,
      start_line: location.line,
      end_line: location.line,
      ...(location.column ? { start_column: location.column, end_column: location.column } : {}),
      annotation_level: test.status === 'flaky' ? 'warning' : 'failure',
      title: cut(
        `${test.status === 'errored' ? 'Error in' : test.status === 'flaky' ? 'Flaky' : 'Failed'}: ${testTitle(test)}`,
        MAX_TITLE,
      ),
      message: cut(message.trim(), MAX_MESSAGE),
      ...(problem?.details ? { raw_details: cut(problem.details, MAX_RAW_DETAILS) } : {}),
    })
  }
  return { annotations, unplaced }
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
