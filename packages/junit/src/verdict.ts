import type { TestTotals } from './model'

/** What makes the step fail: failed or errored tests, errored tests only, the command's exit code. */
export type FailOnCondition = 'failures' | 'errors' | 'exit-code'

export interface VerdictOptions {
  /** Empty: nothing fails the step (but min-tests still applies). */
  readonly failOn: readonly FailOnCondition[]
  /** Fewer tests than this (an empty or missing report) fails the step. */
  readonly minTests: number
  /** The test command's exit code, when the action ran one. */
  readonly exitCode?: number
}

export interface Verdict {
  /** success, failure, or neutral when tests failed but fail-on let the step pass. */
  readonly conclusion: 'success' | 'failure' | 'neutral'
  /** Why the step fails (empty on success). */
  readonly reasons: readonly string[]
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Decides pass or fail from the totals, the fail-on conditions, min-tests and the exit code. */
export function decideVerdict(totals: TestTotals, options: VerdictOptions): Verdict {
  const reasons: string[] = []
  const failing = totals.failed + totals.errored
  if (options.failOn.includes('failures') && failing > 0) {
    const parts = [totals.failed && `${totals.failed} failed`, totals.errored && `${totals.errored} errored`]
    reasons.push(`${parts.filter(Boolean).join(' and ')} of ${plural(totals.tests, 'test')}`)
  } else if (options.failOn.includes('errors') && totals.errored > 0) {
    reasons.push(`${totals.errored} errored of ${plural(totals.tests, 'test')}`)
  }
  if (totals.tests < options.minTests) {
    reasons.push(
      `${plural(totals.tests, 'test')} reported, fewer than min-tests (${options.minTests}): is the report empty or missing?`,
    )
  }
  if (options.failOn.includes('exit-code') && options.exitCode !== undefined && options.exitCode !== 0) {
    reasons.push(`the test command exited with code ${options.exitCode}`)
  }
  if (reasons.length) return { conclusion: 'failure', reasons }
  return { conclusion: failing > 0 ? 'neutral' : 'success', reasons }
}
