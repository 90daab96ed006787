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
  const mergeable = Boolean(test.name && test.key)
  const earlier = mergeable ? latestByKey.get(test.key) : undefined
  const lastRun = earlier?.runs[earlier.runs.length - 1]
  if (earlier && lastRun && failing(lastRun.outcome)) {
    earlier.runs.push(...test.runs)
    earlier.durationMs += test.durationMs
    earlier.status = statusOf(earlier)
    earlier.systemOut ??= test.systemOut
    earlier.systemErr ??= test.systemErr
    return
  }
  tests.push(test)
  if (mergeable) latestByKey.set(test.key, test)
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
 * Merges reports (matrix shards, reruns written to separate files) into one result, in the
 * order given: a test failing in one report and passing in a later one is flaky.
 */
export function mergeReports(reports: readonly JUnitReport[]): TestResults {
  const tests: TestCase[] = []
  const latest = new Map<string, TestCase>()
  for (const report of reports) for (const test of report.tests) addTest(tests, latest, test)
  return {
    totals: countTests(tests),
    tests,
    reports: reports.map(({ tests: _tests, ...rest }) => rest),
    warnings: reports.flatMap((r) => r.warnings),
  }
}
