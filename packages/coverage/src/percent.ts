import type { Counter } from './model'

/**
 * Percentages computed from the integer counts, never from a float ratio: `57/100` is
 * `57.00`, not `56.99`. Display rounds half-up to the nearest unit of the last decimal
 * (353/356 = 99.157… shows 99.16, as coverage.py prints it; Istanbul truncates to 99.15),
 * and, as coverage.py does, a value that is not exactly 0 or 100 never shows as 0 or 100
 * (1999/2000 at one decimal is 99.9, not 100.0). Thresholds compare the exact ratio.
 */

const TEN = 10n

/** covered/total × 100 in units of 10^-decimals, rounded half-up and kept off 0 and 100 unless exact. */
function scaledPercent(counter: Counter, decimals: number): bigint | undefined {
  if (counter.total <= 0) return undefined
  const covered = BigInt(counter.covered)
  const total = BigInt(counter.total)
  const full = 100n * TEN ** BigInt(decimals)
  let units = (2n * covered * full + total) / (2n * total)
  if (units === 0n && covered > 0n) units = 1n
  if (units === full && covered < total) units = full - 1n
  return units
}

/**
 * The percentage with `decimals` decimals (two by default), or undefined when nothing was
 * measured (0 of 0: no executable line, branch or function; shown as `n/a`, never as 100%).
 */
export function percent(counter: Counter, decimals = 2): number | undefined {
  const units = scaledPercent(counter, decimals)
  return units === undefined ? undefined : Number(units) / 10 ** decimals
}

/** A percentage as text: `85.71%`, or `n/a` when nothing was measured. */
export function formatPercent(value: number | undefined, decimals = 2): string {
  return value === undefined ? 'n/a' : `${value.toFixed(decimals)}%`
}

/** A minimum percentage exactly as written: `66.67` is 6667 units of 10^-2. */
export interface PercentThreshold {
  /** As the user wrote it, normalised: `66.67`, `57`, `0.5`. */
  readonly text: string
  readonly units: bigint
  readonly decimals: number
}

/**
 * Reads a threshold from its decimal text without going through a float (`57`, `66.67`,
 * `.5`, `+90`); undefined when it is not a plain decimal number from 0 to 100.
 */
export function parsePercentThreshold(text: string): PercentThreshold | undefined {
  const match = /^\+?(\d*)(?:\.(\d*))?$/.exec(text.trim())
  if (!match || (match[1] === '' && !match[2])) return undefined
  const whole = match[1] || '0'
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  const units = BigInt(whole + fraction)
  if (units > 100n * TEN ** BigInt(fraction.length)) return undefined
  const normalised = `${BigInt(whole)}${fraction ? `.${fraction}` : ''}`
  return { text: normalised, units, decimals: fraction.length }
}

/** Whether covered/total reaches the threshold, on integers: covered × 100 × 10^d ≥ units × total. */
export function meetsThreshold(counter: Counter, threshold: PercentThreshold): boolean {
  const scale = 100n * TEN ** BigInt(threshold.decimals)
  return BigInt(counter.covered) * scale >= threshold.units * BigInt(counter.total)
}

/**
 * The percentage for a message saying it is below the threshold: the rounded display,
 * unless rounding would make it look like it meets it (2/3 shows 66.67% but is below 66.67),
 * then truncated to one more decimal than the threshold has, with `…` (66.666…%).
 */
export function formatShortfall(counter: Counter, threshold: PercentThreshold): string {
  const shown = scaledPercent(counter, 2)
  // `shown` hundredths of a percent are shown/10,000 of the whole.
  if (shown !== undefined && !meetsThreshold({ covered: Number(shown), total: 10_000 }, threshold))
    return formatPercent(Number(shown) / 100)
  const decimals = Math.max(2, threshold.decimals + 1)
  const scale = 100n * TEN ** BigInt(decimals)
  const covered = BigInt(counter.covered) * scale
  const total = BigInt(counter.total)
  const units = covered / total
  const digits = units.toString().padStart(decimals + 1, '0')
  const exact = units * total === covered
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}${exact ? '' : '…'}%`
}
