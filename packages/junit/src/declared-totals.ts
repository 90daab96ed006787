import type { RunOutcome, TestCase, TestProblem } from './model'

/**
 * Totals a `<testsuites>` or `<testsuite>` declares (`tests`, `failures`, `errors`,
 * `skipped`, `disabled`) against the test cases listed under it. Reporters that leave tests
 * out of the listing are common: mocha-junit-reporter omits pending tests, counting them in
 * each suite's `tests` and in the root's `skipped` only; pytest-subtests counts subtests it
 * does not list. So the tests declared but not listed are counted rather than lost.
 */

/** Test case elements counted under one element, by outcome (`unknown`: not yet classified). */
export interface ListedCounts {
  tests: number
  failed: number
  errored: number
  skipped: number
  unknown: number
}

/** The tests one element declares beyond those listed under it, by the outcome counted. */
export interface UnlistedGroup<Source> {
  readonly source: Source
  readonly declared: number
  readonly listed: number
  failed: number
  errored: number
  skipped: number
  /** Neither failed, errored nor skipped by any declaration up to here; passed at the end. */
  unknown: number
}

export const noListedCounts = (): ListedCounts => ({
  tests: 0,
  failed: 0,
  errored: 0,
  skipped: 0,
  unknown: 0,
})

/** Adds `more` into `into`. */
export function addListed(into: ListedCounts, more: ListedCounts): void {
  into.tests += more.tests
  into.failed += more.failed
  into.errored += more.errored
  into.skipped += more.skipped
  into.unknown += more.unknown
}

/**
 * Reconciles an element's declared totals with `listed` (the counts under it, updated in
 * place) when it closes. Tests it declares beyond those listed become a new group: counted
 * first as the declared failures, errors and skips (`skipped` + `disabled`) the listing
 * lacks, the rest left unknown. What its declarations still leave over then classifies the
 * unknown tests of the groups under it (`inner`), as the root's `skipped` explains the
 * pending tests a mocha suite only counted. Unknown tests are passed in the end (passedOf):
 * by the declaration, a test neither failed, errored nor skipped passed,
 * the arithmetic EnricoMi/publish-unit-test-result-action applies to declared counts.
 */
export function reconcileDeclared<Source>(
  source: Source,
  attributes: Readonly<Record<string, string>>,
  listed: ListedCounts,
  groups: UnlistedGroup<Source>[],
  options: { readonly innerFrom: number; readonly room: number },
): { readonly added?: UnlistedGroup<Source>; readonly refused?: number } {
  const surplus = {
    failed: count(attributes.failures) - listed.failed,
    errored: count(attributes.errors) - listed.errored,
    skipped: count(attributes.skipped) + count(attributes.disabled) - listed.skipped,
  }
  let added: UnlistedGroup<Source> | undefined
  const declared = attributes.tests === undefined ? 0 : count(attributes.tests)
  const missing = declared - listed.tests
  if (missing > options.room) return { refused: declared }
  if (missing > 0) {
    added = { source, declared, listed: listed.tests, failed: 0, errored: 0, skipped: 0, unknown: missing }
    groups.push(added)
    listed.tests += missing
    listed.unknown += missing
  }
  if (listed.unknown === 0) return { added }
  // Its own group first, then those under it in document order.
  const order = added ? [added, ...groups.slice(options.innerFrom, -1)] : groups.slice(options.innerFrom)
  for (const outcome of ['failed', 'errored', 'skipped'] as const) {
    for (const g of order) {
      if (surplus[outcome] <= 0) break
      const moved = Math.min(g.unknown, surplus[outcome])
      g.unknown -= moved
      g[outcome] += moved
      surplus[outcome] -= moved
      listed.unknown -= moved
      listed[outcome] += moved
    }
  }
  return { added }
}

/** "2 skipped and 3 passed": the outcomes the unlisted tests of a group are counted as. */
export function describeUnlisted(group: UnlistedGroup<unknown>): string {
  const counts = {
    failed: group.failed,
    errored: group.errored,
    skipped: group.skipped,
    passed: passedOf(group),
  }
  const parts = (['failed', 'errored', 'skipped', 'passed'] as const)
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${counts[outcome]} ${outcome}`)
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!
}

/** Tests of a group counted as passed. */
export function passedOf(group: UnlistedGroup<unknown>): number {
  return group.declared - group.listed - group.failed - group.errored - group.skipped
}

function count(value: string | undefined): number {
  const n = Math.trunc(Number(value ?? 0))
  return Number.isFinite(n) && n > 0 ? n : 0
}

/**
 * The tests of a group as test cases: unnamed (never merged with another), with the
 * outcome each is counted as and `unlisted: true`; `by` names the element that declared them.
 */
export function* unlistedTestCases(
  group: UnlistedGroup<unknown>,
  where: {
    readonly by: string
    readonly suite: readonly string[]
    readonly file?: string
    readonly report: string
    readonly reportLine: number
  },
): Generator<TestCase> {
  const missing = group.declared - group.listed
  const outcomes: [RunOutcome, number][] = [
    ['failed', group.failed],
    ['errored', group.errored],
    ['skipped', group.skipped],
    ['passed', passedOf(group)],
  ]
  let n = 0
  for (const [outcome, count] of outcomes) {
    const failing = outcome === 'failed' || outcome === 'errored'
    const problems: readonly TestProblem[] = failing
      ? [
          {
            kind: outcome === 'failed' ? 'failure' : 'error',
            message: `counted from the declared '${outcome === 'failed' ? 'failures' : 'errors'}' of ${where.by} or an enclosing element; the report does not list this test`,
            details: '',
          },
        ]
      : []
    for (let i = 0; i < count; i++) {
      n++
      yield {
        key: '',
        suite: where.suite,
        classname: '',
        name: `(test ${n} of ${missing} declared by ${where.by}, not listed)`,
        file: where.file,
        report: where.report,
        reportLine: where.reportLine,
        status: outcome,
        durationMs: 0,
        runs: [{ outcome, durationMs: 0, problems }],
        unlisted: true,
      }
    }
  }
}
