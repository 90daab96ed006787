import { UserError } from '@pipeline-kit/common'
import { describeJsonError } from './json-error'
import { METRICS, type CoverageTotals, type Metric } from './model'
import { percent } from './percent'

/** What is stored on the default branch to compare pull requests against. */
export interface CoverageBaseline {
  readonly version: 1
  readonly sha: string
  readonly ref: string
  readonly createdAt: string
  readonly totals: CoverageTotals
}

export type CoverageDelta = Readonly<Record<Metric, number | undefined>>

/** A baseline from this run's totals. */
export function createBaseline(
  totals: CoverageTotals,
  at: { readonly sha: string; readonly ref: string; readonly now?: Date },
): CoverageBaseline {
  return { version: 1, sha: at.sha, ref: at.ref, createdAt: (at.now ?? new Date()).toISOString(), totals }
}

const isCounter = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  Number.isFinite((value as { covered?: unknown }).covered) &&
  Number.isFinite((value as { total?: unknown }).total)

/** Reads a stored baseline; a file that is not one is a UserError naming it. */
export function parseBaseline(text: string, source: string): CoverageBaseline {
  let data: any
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UserError(`${source}: the coverage baseline is not valid JSON (${describeJsonError(error)})`)
  }
  if (data?.version !== 1 || !METRICS.every((m) => isCounter(data.totals?.[m]))) {
    throw new UserError(
      `${source}: not a coverage baseline (expected {"version":1,"totals":{"lines":{"covered","total"},…}} as this action writes)`,
    )
  }
  return data as CoverageBaseline
}

/**
 * Percentage points gained (positive) or lost per metric, as the difference of the two
 * percentages shown (each rounded to two decimals), so the baseline's figure plus the delta
 * is the current figure; undefined where either side has no data.
 */
export function computeDelta(current: CoverageTotals, baseline: CoverageTotals): CoverageDelta {
  const delta = {} as Record<Metric, number | undefined>
  for (const metric of METRICS) {
    const now = percent(current[metric])
    const before = percent(baseline[metric])
    // Both are whole hundredths; subtracting them as integers keeps float noise out.
    delta[metric] =
      now === undefined || before === undefined
        ? undefined
        : (Math.round(now * 100) - Math.round(before * 100)) / 100
  }
  return delta
}
