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
  const { key: _key, reportLine: _line, ...rest } = test
  return location ? { ...rest, location } : rest
}

/**
 * Writes the results JSON to file, one test per line, in chunks: a 100k-test result never
 * exists as one string in memory.
 */
export function writeResultsJson(
  file: string,
  results: TestResults,
  verdict: Verdict,
  locate: (test: TestCase) => SourceLocation | undefined = () => undefined,
): void {
  mkdirSync(dirname(file), { recursive: true })
  const fd = openSync(file, 'w')
  try {
    const head = {
      schema: RESULTS_SCHEMA,
      conclusion: verdict.conclusion,
      reasons: verdict.reasons,
      totals: results.totals,
      reports: results.reports,
      warnings: results.warnings,
    }
    writeSync(fd, `${JSON.stringify(head).slice(0, -1)},"tests":[\n`)
    let chunk: string[] = []
    results.tests.forEach((test, i) => {
      const failing = test.status !== 'passed' && test.status !== 'skipped'
      chunk.push(
        JSON.stringify(toTestJson(test, failing ? locate(test) : undefined)) +
          (i < results.tests.length - 1 ? ',' : ''),
      )
      if (chunk.length === 1000) {
        writeSync(fd, chunk.join('\n') + '\n')
        chunk = []
      }
    })
    if (chunk.length) writeSync(fd, chunk.join('\n') + '\n')
    writeSync(fd, ']}\n')
  } finally {
    closeSync(fd)
  }
}
