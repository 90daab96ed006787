import type { CoverageResult } from './analyse'
import type { ReportWarning } from './model'
import type { PatchCoverage } from './patch'

/** What this run is for the coverage gate. */
export interface CoverageEvent {
  /** The pull request's number on pull_request(_target) events. */
  readonly pullRequest?: number
  /** A push to the default branch: the run whose totals become the baseline. */
  readonly defaultBranchPush: boolean
}

/** Reads the event: pull request number, or whether this is a push to the default branch. */
export function planCoverageEvent(
  context: { readonly eventName: string; readonly payload: Record<string, any>; readonly ref: string },
  defaultBranch: string,
): CoverageEvent {
  const pr = context.payload.pull_request
  if ((context.eventName === 'pull_request' || context.eventName === 'pull_request_target') && pr?.number)
    return { pullRequest: Number(pr.number), defaultBranchPush: false }
  return {
    defaultBranchPush:
      context.eventName === 'push' && !!defaultBranch && context.ref === `refs/heads/${defaultBranch}`,
  }
}

/** A warning annotation per uncovered range of changed lines (the caller caps how many show). */
export function patchAnnotations(patch: PatchCoverage | undefined): {
  level: 'warning'
  file: string
  line: number
  endLine: number
  title: string
  message: string
}[] {
  return (patch?.files ?? []).flatMap((file) =>
    file.uncovered.map((range) => ({
      level: 'warning' as const,
      file: file.path,
      line: range.start,
      endLine: range.end,
      title: 'Changed lines not covered',
      message:
        range.start === range.end
          ? `Line ${range.start} was changed but no test runs it.`
          : `Lines ${range.start}–${range.end} were changed but no test runs them.`,
    })),
  )
}

/** The result as compact JSON for the `report` output (outputs share a 1 MiB budget per job). */
export function toJsonResult(result: CoverageResult, maxFiles = 100): string {
  return JSON.stringify({
    passed: result.passed,
    totals: result.totals,
    percent: result.percent,
    patch: result.patch && {
      covered: result.patch.covered,
      total: result.patch.total,
      percent: result.patch.percent,
      files: result.patch.files.slice(0, maxFiles),
    },
    delta: result.delta,
    baseline: result.baseline,
    thresholds: result.thresholds,
    reports: result.reports,
    filesTotal: result.files.length,
    files: result.files.slice(0, maxFiles),
    warnings: result.warnings.slice(0, 50),
  })
}

/** Output values: two-decimal percentages, empty when not measured. */
export function coverageOutputs(result: CoverageResult): Record<string, string> {
  const value = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2))
  return {
    lines: value(result.percent.lines),
    branches: value(result.percent.branches),
    functions: value(result.percent.functions),
    patch: value(result.patch?.percent),
    'delta-lines': value(result.delta?.lines),
    passed: String(result.passed),
    report: toJsonResult(result),
  }
}

/** Annotations for a run: each report warning at its file and line, then uncovered changed ranges. */
export function coverageAnnotations(
  warnings: readonly ReportWarning[],
  patch: PatchCoverage | undefined,
): {
  level: 'warning'
  file: string
  line?: number
  endLine?: number
  column?: number
  title?: string
  message: string
}[] {
  return [
    ...warnings.map((w) => ({
      level: 'warning' as const,
      file: w.file,
      line: w.line,
      column: w.column,
      message: w.message,
    })),
    ...patchAnnotations(patch),
  ]
}
