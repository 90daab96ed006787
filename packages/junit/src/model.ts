/**
 * The normalised result model. Every JUnit dialect is read into these types; the JSON
 * written for other tools (`TestResultsJson`, schema `pipeline-kit/test-results@1`) is
 * this model plus totals. See packages/junit/README.md for the semantics.
 */

/** What one execution of a test (one attempt) came to. */
export type RunOutcome = 'passed' | 'failed' | 'errored' | 'skipped'

/**
 * The verdict of a test over all its attempts: `flaky` = at least one attempt failed or
 * errored and a later attempt passed.
 */
export type TestStatus = RunOutcome | 'flaky'

/** A `<failure>` or `<error>` (or a rerun/flaky variant of one). */
export interface TestProblem {
  readonly kind: 'failure' | 'error'
  /** The `message` attribute, else the first non-empty line of the body. */
  readonly message: string
  /** The `type` attribute (an exception class, usually). */
  readonly type?: string
  /** The element's text: the stack trace or assertion output (bounded). */
  readonly details: string
  /** A `file`/`line` given on the failure element itself (xunit-style dialects). */
  readonly file?: string
  readonly line?: number
}

/** One attempt of a test. */
export interface TestRun {
  readonly outcome: RunOutcome
  readonly durationMs: number
  /** Failures and errors of this attempt (several when a dialect lists more than one). */
  readonly problems: readonly TestProblem[]
  /** The `<skipped message>` text, when skipped. */
  readonly skipMessage?: string
}

/** One test, with its attempts in the order they ran. */
export interface TestCase {
  /** Identity used for merging reruns: suite path, classname, name and file. */
  readonly key: string
  /** Enclosing `<testsuite>` names, outermost first (the root `<testsuites>` excluded). */
  readonly suite: readonly string[]
  readonly classname: string
  readonly name: string
  /** The `file` attribute of the test (or of its suite), as written. */
  readonly file?: string
  readonly line?: number
  /** The report file this test came from (its first attempt's report when merged). */
  readonly report: string
  /** Line of the `<testcase>` element in that report (the fallback place to annotate). */
  readonly reportLine?: number
  status: TestStatus
  /** Duration of all attempts together. */
  durationMs: number
  readonly runs: TestRun[]
  /** `<system-out>`/`<system-err>` of a failing or flaky test (bounded; dropped for passing ones). */
  systemOut?: string
  systemErr?: string
  /** `<properties>` of the test case. */
  properties?: Readonly<Record<string, string>>
  /**
   * Counted from the declared totals of a suite (or the root) that lists fewer test cases
   * than it declares: the report does not list this test (see declared-totals.ts).
   */
  readonly unlisted?: true
}

/** Counts of `<testcase>` elements in one report, one outcome each (see README). */
export interface ElementCounts {
  testcases: number
  passed: number
  failed: number
  errored: number
  skipped: number
  /** flakyFailure / flakyError / rerunFailure / rerunError elements. */
  reruns: number
}

/** One parsed report file. */
export interface JUnitReport {
  readonly file: string
  readonly rootName: string
  readonly suites: number
  readonly elements: ElementCounts
  /** Tests, before merging with other reports (reruns within the file already merged). */
  readonly tests: TestCase[]
  /** Recovered defects and suspicious content, each naming file:line:col. */
  readonly warnings: string[]
}

export interface TestTotals {
  /** Tests after merging reruns: passed + failed + errored + skipped + flaky. */
  tests: number
  passed: number
  /** Tests whose last attempt failed (assertion failures). */
  failed: number
  /** Tests whose last attempt errored (crashes, setup errors); failing like `failed`. */
  errored: number
  skipped: number
  flaky: number
  /** Attempts, reruns included. */
  runs: number
  /** Sum of test durations. */
  durationMs: number
}

/** Several reports merged into one result. */
export interface TestResults {
  readonly totals: TestTotals
  /**
   * Tests kept in memory: every test, or (when collected with a sink, as collectTestResults
   * does) only the failing and flaky ones; passing and skipped tests went to the results JSON.
   */
  readonly tests: readonly TestCase[]
  /** The slowest tests over all tests, longest first. */
  readonly slowest?: readonly TestCase[]
  readonly reports: readonly Omit<JUnitReport, 'tests'>[]
  readonly warnings: readonly string[]
}
