import { formatPercent, percent, type CoverageTotals, type Metric } from './model'
import type { PatchCoverage } from './patch'

/** Minimum percentages, each optional. */
export interface Thresholds {
  readonly lines?: number
  readonly branches?: number
  readonly functions?: number
  /** Every file's line coverage. */
  readonly fileLines?: number
  /** The changed lines' coverage. */
  readonly patch?: number
}

export interface ThresholdCheck {
  /** The input that set it, e.g. `min-lines`. */
  readonly input: string
  readonly required: number
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

/**
 * Checks each configured threshold. A metric no report measured (e.g. branches of
 * coverage.py without --branch) cannot fail but says it was not checked; a patch without
 * changed executable lines passes.
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
    const required = thresholds[metric]
    if (required === undefined) continue
    const actual = percent(data.totals[metric])
    const input = TOTAL_INPUTS[metric]
    if (actual === undefined)
      checks.push({
        input,
        required,
        actual,
        passed: true,
        reason: `${input}: no ${metric} were measured in the reports; not checked`,
      })
    else
      checks.push({
        input,
        required,
        actual,
        passed: actual >= required,
        reason:
          actual >= required
            ? undefined
            : `${metric} coverage ${formatPercent(actual)} is below ${input} ${required}%`,
      })
  }
  if (thresholds.fileLines !== undefined) {
    const required = thresholds.fileLines
    const measured = data.files
      .map((f) => ({ path: f.path, actual: percent(f.totals.lines) }))
      .filter((f): f is { path: string; actual: number } => f.actual !== undefined)
      .sort((a, b) => a.actual - b.actual)
    const below = measured.filter((f) => f.actual < required)
    const shown = below.slice(0, 5).map((f) => `${f.path} ${formatPercent(f.actual)}`)
    checks.push({
      input: 'min-file-lines',
      required,
      actual: measured[0]?.actual,
      passed: below.length === 0,
      reason: below.length
        ? `${below.length} file(s) below min-file-lines ${required}%: ${shown.join(', ')}${below.length > 5 ? ', …' : ''}`
        : undefined,
    })
  }
  if (thresholds.patch !== undefined) {
    const required = thresholds.patch
    const actual = data.patch?.percent
    if (!data.patch)
      checks.push({
        input: 'min-patch',
        required,
        actual,
        passed: true,
        reason: 'min-patch: not a pull request, no patch coverage to check',
      })
    else if (actual === undefined)
      checks.push({
        input: 'min-patch',
        required,
        actual,
        passed: true,
        reason: 'min-patch: the change touches no executable line',
      })
    else
      checks.push({
        input: 'min-patch',
        required,
        actual,
        passed: actual >= required,
        reason:
          actual >= required
            ? undefined
            : `patch coverage ${formatPercent(actual)} (${data.patch.covered} of ${data.patch.total} changed lines) is below min-patch ${required}%`,
      })
  }
  return checks
}
