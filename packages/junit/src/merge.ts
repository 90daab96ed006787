import type { JUnitReport, RunOutcome, TestCase, TestResults, TestStatus, TestTotals } from './model'

const failing = (outcome: RunOutcome | TestStatus) => outcome === 'failed' || outcome === 'errored'

/** The verdict over all attempts of a test (see TestStatus). */
export function statusOf(test: Pick<TestCase, 'runs'>): TestStatus {
  let passed = false
  let lastFailing: RunOutcome | undefined
  let allSkipped = true
  for (const run of test.runs) {
    if (run.outcome === 'passed') passed = true
    if (failing(run.outcome)) lastFailing = run.outcome
    if (run.outcome !== 'skipped') allSkipped = false
  }
  if (lastFailing && passed) return 'flaky'
  if (lastFailing) return lastFailing
  return allSkipped ? 'skipped' : 'passed'
}

/**
 * Adds a test to a list, merging it into the latest earlier test with the same key when
 * that test's last attempt failed or errored: a repeated test after a failure is a rerun.
 * A repeat after a pass or skip is a distinct test (duplicate names are common in jest
 * and mocha, and a failure after a pass must never be hidden as flaky). Nameless tests
 * (and tests synthesised from suite counts) are never merged.
 */
export function addTest(tests: TestCase[], latestByKey: Map<string, TestCase>, test: TestCase): void {
  if (mergeIntoEarlier(latestByKey, test)) return
  tests.push(test)
  if (test.name && test.key) latestByKey.set(test.key, test)
}

/** Merges test into the latest earlier test with its key when that one's last attempt failed. */
function mergeIntoEarlier(latestByKey: Map<string, TestCase>, test: TestCase): boolean {
  const earlier = test.name && test.key ? latestByKey.get(test.key) : undefined
  const lastRun = earlier?.runs[earlier.runs.length - 1]
  if (!earlier || !lastRun || !failing(lastRun.outcome)) return false
  earlier.runs.push(...test.runs)
  earlier.durationMs += test.durationMs
  earlier.status = statusOf(earlier)
  earlier.systemOut ??= test.systemOut
  earlier.systemErr ??= test.systemErr
  return true
}

/** Counts tests by status, attempts and duration. */
export function countTests(tests: readonly TestCase[]): TestTotals {
  const totals: TestTotals = {
    tests: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    flaky: 0,
    runs: 0,
    durationMs: 0,
  }
  for (const test of tests) {
    totals.tests++
    totals[test.status]++
    totals.runs += test.runs.length
    totals.durationMs += test.durationMs
  }
  totals.durationMs = Math.round(totals.durationMs)
  return totals
}

/**
 * Collects tests from one or many reports, merging reruns (see addTest). With a sink, a
 * test that passed or was skipped is final the moment it is added (a later attempt never
 * merges into it), so it is counted, considered for the slowest list and handed to the sink
 * instead of being kept: memory then holds only failing and flaky tests, however large the
 * reports. Without a sink every test is kept in `tests`.
 */
export class TestAccumulator {
  /** Tests kept in memory: all of them without a sink, else the failing and flaky ones. */
  readonly tests: TestCase[] = []
  private readonly latest = new Map<string, TestCase>()
  /** Names of kept tests: a passing test with another name cannot be a rerun (no key lookup). */
  private readonly keptNames = new Set<string>()
  private handedOffTotals = countTests([])
  private slowestHandedOff: TestCase[] = []

  constructor(
    private readonly sink?: (test: TestCase) => void,
    private readonly slowestCount = 10,
  ) {}

  add(test: TestCase): void {
    if (!this.sink || (test.status !== 'passed' && test.status !== 'skipped')) {
      addTest(this.tests, this.latest, test)
      if (this.sink) this.keptNames.add(test.name)
      return
    }
    if (this.keptNames.has(test.name) && mergeIntoEarlier(this.latest, test)) return // a rerun: now flaky
    const t = this.handedOffTotals
    t.tests++
    t[test.status]++
    t.runs += test.runs.length
    t.durationMs += test.durationMs
    const top = this.slowestHandedOff
    const enters = top.length < this.slowestCount || test.durationMs > top[top.length - 1]!.durationMs
    if (test.durationMs > 0 && enters) this.slowestHandedOff = slowestTests([...top, test], this.slowestCount)
    this.sink(test)
  }

  /** Totals over every test added, the slowest ones, and the kept tests. */
  results(reports: readonly JUnitReport[]): TestResults {
    const kept = countTests(this.tests)
    const h = this.handedOffTotals
    const totals: TestTotals = {
      tests: kept.tests + h.tests,
      passed: kept.passed + h.passed,
      failed: kept.failed + h.failed,
      errored: kept.errored + h.errored,
      skipped: kept.skipped + h.skipped,
      flaky: kept.flaky + h.flaky,
      runs: kept.runs + h.runs,
      durationMs: Math.round(kept.durationMs + h.durationMs),
    }
    return {
      totals,
      tests: this.tests,
      slowest: slowestTests([...this.slowestHandedOff, ...this.tests], this.slowestCount),
      reports: reports.map(({ tests: _tests, ...rest }) => rest),
      warnings: reports.flatMap((r) => r.warnings),
    }
  }
}

/**
 * Merges reports (matrix shards, reruns written to separate files) into one result, in the
 * order given: a test failing in one report and passing in a later one is flaky.
 */
export function mergeReports(reports: readonly JUnitReport[]): TestResults {
  const accumulator = new TestAccumulator()
  for (const report of reports) for (const test of report.tests) accumulator.add(test)
  return accumulator.results(reports)
}

/** The n longest tests (all attempts counted), longest first. */
export function slowestTests(tests: readonly TestCase[], n: number): TestCase[] {
  if (n <= 0) return []
  const top: TestCase[] = []
  for (const test of tests) {
    if (test.durationMs <= 0) continue
    if (top.length === n && test.durationMs <= top[n - 1]!.durationMs) continue
    top.push(test)
    top.sort((a, b) => b.durationMs - a.durationMs)
    if (top.length > n) top.pop()
  }
  return top
}
