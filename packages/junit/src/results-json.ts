import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SourceLocation } from './locate'
import type { TestCase, TestResults } from './model'
import type { Verdict } from './verdict'

/** The schema identifier written as `schema` in every results file. */
export const RESULTS_SCHEMA = 'pipeline-kit/test-results@1'

/** One test in the results JSON (see packages/junit/README.md for the schema). */
export interface TestJson {
  readonly suite: readonly string[]
  readonly classname: string
  readonly name: string
  readonly file?: string
  readonly line?: number
  readonly report: string
  readonly status: TestCase['status']
  readonly durationMs: number
  readonly runs: TestCase['runs']
  readonly location?: SourceLocation
  readonly systemOut?: string
  readonly systemErr?: string
  readonly properties?: Readonly<Record<string, string>>
  readonly unlisted?: true
}

/** The results JSON document. */
export interface TestResultsJson {
  readonly schema: typeof RESULTS_SCHEMA
  readonly conclusion: Verdict['conclusion']
  readonly reasons: readonly string[]
  readonly totals: TestResults['totals']
  readonly reports: TestResults['reports']
  readonly warnings: readonly string[]
  readonly tests: readonly TestJson[]
}

/** A test as written to the results JSON (the internal merge key left out). */
export function toTestJson(test: TestCase, location?: SourceLocation): TestJson {
  // Built field by field (not with rest/spread): this runs once per test, 100k times and more.
  const json: { -readonly [K in keyof TestJson]: TestJson[K] } = {
    suite: test.suite,
    classname: test.classname,
    name: test.name,
    report: test.report,
    status: test.status,
    durationMs: test.durationMs,
    runs: test.runs,
  }
  if (test.file !== undefined) json.file = test.file
  if (test.line !== undefined) json.line = test.line
  if (location) json.location = location
  if (test.systemOut !== undefined) json.systemOut = test.systemOut
  if (test.systemErr !== undefined) json.systemErr = test.systemErr
  if (test.properties !== undefined) json.properties = test.properties
  if (test.unlisted) json.unlisted = true
  return json
}

/**
 * Writes the results JSON as tests arrive, one test per line, in 1 MiB chunks: a 100k-test
 * result never exists as one string, and passing tests need not stay in memory. `tests`
 * comes first in the document, the verdict and totals after it (`finish`).
 */
export class ResultsJsonWriter {
  private readonly fd: number
  private chunk = ''
  private count = 0
  private readonly cache: JsonCache = { suite: undefined, suiteJson: '', report: undefined, reportJson: '' }

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true })
    this.fd = openSync(file, 'w')
    this.chunk = `{"schema":${JSON.stringify(RESULTS_SCHEMA)},"tests":[\n`
  }

  writeTest(test: TestCase, location?: SourceLocation): void {
    this.chunk +=
      (this.count++ ? ',\n' : '') +
      (simplePassJson(test, this.cache) ?? JSON.stringify(toTestJson(test, location)))
    if (this.chunk.length > 1 << 20) this.flush()
  }

  /** Writes the tests still held (with their locations), the verdict, totals and reports; closes the file. */
  finish(
    results: TestResults,
    verdict: Verdict,
    locate: (test: TestCase) => SourceLocation | undefined = () => undefined,
  ): void {
    try {
      for (const test of results.tests) {
        const failing = test.status !== 'passed' && test.status !== 'skipped'
        this.writeTest(test, failing ? locate(test) : undefined)
      }
      const tail = {
        conclusion: verdict.conclusion,
        reasons: verdict.reasons,
        totals: results.totals,
        reports: results.reports,
        warnings: results.warnings,
      }
      this.chunk += `\n],${JSON.stringify(tail).slice(1)}\n`
      this.flush()
    } finally {
      closeSync(this.fd)
    }
  }

  private flush(): void {
    writeSync(this.fd, this.chunk)
    this.chunk = ''
  }
}

interface JsonCache {
  suite: readonly string[] | undefined
  suiteJson: string
  report: string | undefined
  reportJson: string
}

/**
 * The JSON of the commonest test — one passing attempt, nothing optional — written directly,
 * with the suite path and report name serialised once per suite (they are shared); exactly
 * what JSON.stringify(toTestJson(test)) gives. Undefined for any other test.
 */
function simplePassJson(test: TestCase, cache: JsonCache): string | undefined {
  const run = test.runs[0]
  if (
    test.status !== 'passed' ||
    test.runs.length !== 1 ||
    run!.problems.length ||
    test.file !== undefined ||
    test.line !== undefined ||
    test.systemOut !== undefined ||
    test.systemErr !== undefined ||
    test.properties !== undefined ||
    test.unlisted
  )
    return undefined
  if (cache.suite !== test.suite) [cache.suite, cache.suiteJson] = [test.suite, JSON.stringify(test.suite)]
  if (cache.report !== test.report)
    [cache.report, cache.reportJson] = [test.report, JSON.stringify(test.report)]
  const ms = JSON.stringify(test.durationMs)
  return `{"suite":${cache.suiteJson},"classname":${JSON.stringify(test.classname)},"name":${JSON.stringify(test.name)},"report":${cache.reportJson},"status":"passed","durationMs":${ms},"runs":[{"outcome":"passed","durationMs":${JSON.stringify(run!.durationMs)},"problems":[]}]}`
}

/** Writes results held in memory to file as the results JSON. */
export function writeResultsJson(
  file: string,
  results: TestResults,
  verdict: Verdict,
  locate?: (test: TestCase) => SourceLocation | undefined,
): void {
  new ResultsJsonWriter(file).finish(results, verdict, locate)
}
