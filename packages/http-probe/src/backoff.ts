// One backoff for every retry loop in the repository; re-exported for this package's callers.
export { backoffDelay } from '@pipeline-kit/common'

/** The p-th percentile (0–100) by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}
