import type { CheckRunAnnotation } from './annotations'
import type { TestTotals } from './model'

/** The check run's one-line title: the counts that matter, e.g. "3 failed, 120 passed, 2 skipped". */
export function checkRunTitle(totals: TestTotals): string {
  const parts = [
    totals.failed && `${totals.failed} failed`,
    totals.errored && `${totals.errored} errored`,
    totals.flaky && `${totals.flaky} flaky`,
    `${totals.passed} passed`,
    totals.skipped && `${totals.skipped} skipped`,
  ]
  return parts.filter(Boolean).join(', ')
}

/** Sorts annotations so failures come first (they are sent in batches; the first batch shows soonest). */
export function orderAnnotations(annotations: readonly CheckRunAnnotation[]): CheckRunAnnotation[] {
  const rank = { failure: 0, warning: 1, notice: 2 } as const
  return [...annotations].sort((a, b) => rank[a.annotation_level] - rank[b.annotation_level])
}
