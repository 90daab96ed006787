import type { Counter, CoverageTotals, Metric } from './model'
import type { PatchCoverage } from './patch'
import { formatShortfall, meetsThreshold, percent, type PercentThreshold } from './percent'

/** Minimum percentages, each optional, kept exactly as written. */
export interface Thresholds {
  readonly lines?: PercentThreshold
  readonly branches?: PercentThreshold
  readonly functions?: PercentThreshold
  /** Every file's line coverage. */
  readonly fileLines?: PercentThreshold
  /** The changed lines' coverage. */
  readonly patch?: PercentThreshold
}

export interface ThresholdCheck {
  /** The input that set it, e.g. `min-lines`. */
  readonly input: string
  readonly required: number
  /** The rounded percentage shown (the check itself compares the exact counts). */
  readonly actual: number | undefined
  readonly passed: boolean
  /** One line: why it failed, or why it could not be checked. */
  readonly reason?: string
}

const TOTAL_INPUTS: Record<Metric, string> = {
  lines: 'min-lines',
  branches: 'min-branches',
  functions: 'min-functions',
}

const counts = (c: Counter, what: string) => `(${c.covered} of ${c.total}${what})`

/**
 * Checks each configured threshold on the integer counts (57 of 100 meets 57; 2 of 3 does
 * not meet 66.67). A metric no report measured (e.g. branches of coverage.py without
 * --branch) cannot fail but says it was not checked; a patch without changed executable
 * lines passes.
 */
export function evaluateThresholds(
  thresholds: Thresholds,
  data: {
    readonly totals: CoverageTotals
    readonly files: readonly { readonly path: string; readonly totals: CoverageTotals }[]
    readonly patch?: PatchCoverage
  },
): ThresholdCheck[] {
  const checks: ThresholdCheck[] = []
  for (const metric of ['lines', 'branches', 'functions'] as const) {
    const threshold = thresholds[metric]
    if (threshold === undefined) continue
    const counter = data.totals[metric]
    const input = TOTAL_INPUTS[metric]
    const required = Number(threshold.text)
    const actual = percent(counter)
    if (counter.total === 0)
      checks.push({
        input,
        required,
        actual,
        passed: true,
        reason: `${input}: no ${metric} were measured in the reports; not checked`,
      })
    else {
      const passed = meetsThreshold(counter, threshold)
      checks.push({
        input,
        required,
        actual,
        passed,
        reason: passed
          ? undefined
          : `${metric} coverage ${formatShortfall(counter, threshold)} ${counts(counter, '')} is below ${input} ${threshold.text}%`,
      })
    }
  }
  if (thresholds.fileLines !== undefined) {
    const threshold = thresholds.fileLines
    const measured = data.files
      .filter((f) => f.totals.lines.total > 0)
      .map((f) => ({ path: f.path, lines: f.totals.lines }))
      .sort((a, b) => a.lines.covered * b.lines.total - b.lines.covered * a.lines.total)
    const below = measured.filter((f) => !meetsThreshold(f.lines, threshold))
    const shown = below.slice(0, 5).map((f) => `${f.path} ${formatShortfall(f.lines, threshold)}`)
    checks.push({
      input: 'min-file-lines',
      required: Number(threshold.text),
      actual: measured[0] && percent(measured[0].lines),
      passed: below.length === 0,
      reason: below.length
        ? `${below.length} file(s) below min-file-lines ${threshold.text}%: ${shown.join(', ')}${below.length > 5 ? ', …' : ''}`
        : undefined,
    })
  }
  if (thresholds.patch !== undefined) {
    const threshold = thresholds.patch
    const required = Number(threshold.text)
    const patch = data.patch
    if (!patch)
      checks.push({
        input: 'min-patch',
        required,
        actual: undefined,
        passed: true,
        reason: 'min-patch: not a pull request, no patch coverage to check',
      })
    else if (patch.total === 0)
      checks.push({
        input: 'min-patch',
        required,
        actual: undefined,
        passed: true,
        reason: 'min-patch: the change touches no executable line',
      })
    else {
      const passed = meetsThreshold(patch, threshold)
      checks.push({
        input: 'min-patch',
        required,
        actual: patch.percent,
        passed,
        reason: passed
          ? undefined
          : `patch coverage ${formatShortfall(patch, threshold)} ${counts(patch, ' changed lines')} is below min-patch ${threshold.text}%`,
      })
    }
  }
  return checks
}
