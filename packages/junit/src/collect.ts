import { findFiles, UserError, type Logger } from '@pipeline-kit/common'
import { relative } from 'node:path'
import { TestAccumulator } from './merge'
import type { JUnitReport, TestResults } from './model'
import { parseJUnitFile } from './parse-junit'
import { ResultsJsonWriter } from './results-json'

export interface CollectOptions {
  /** Glob patterns (a leading ! excludes), relative to cwd. */
  readonly patterns: readonly string[]
  readonly cwd: string
  /** Report paths are shown relative to this folder (the workspace). */
  readonly workspace: string
  /**
   * Where to write the results JSON. Passing and skipped tests are written as they are
   * read and not kept in memory; prepareTestReport finishes the file.
   */
  readonly resultsPath?: string
}

export interface CollectedResults {
  readonly results: TestResults
  readonly files: readonly string[]
  /** Patterns that matched no file. */
  readonly unmatched: readonly string[]
  /** Reports that could not be read (malformed, not JUnit), each naming file:line:col. */
  readonly errors: readonly UserError[]
  /** The results JSON being written, when resultsPath was given; finish it with the verdict. */
  readonly writer?: ResultsJsonWriter
}

/**
 * Finds the reports, parses each one as a stream (one at a time) and merges them in path
 * order. With resultsPath, passing and skipped tests go straight to the results JSON, so
 * memory holds only failing and flaky tests, never a whole file. Unreadable reports are collected,
 * not thrown, so the caller can still report the others before failing.
 */
export async function collectTestResults(options: CollectOptions, log: Logger): Promise<CollectedResults> {
  const { files, unmatched } = await findFiles(options.patterns, options.cwd)
  for (const pattern of unmatched) log.warning(`No report matched '${pattern}' in ${options.cwd}`)
  const reports: JUnitReport[] = []
  const errors: UserError[] = []
  const writer = options.resultsPath ? new ResultsJsonWriter(options.resultsPath) : undefined
  const accumulator = new TestAccumulator(writer && ((test) => writer.writeTest(test)))
  for (const file of files) {
    const displayName = relative(options.workspace, file)
    try {
      const report = await parseJUnitFile(file, {
        displayName: displayName.startsWith('..') ? file : displayName,
        accumulator,
      })
      log.info(
        `${report.file}: ${report.elements.testcases} test cases (${report.elements.failed} failed, ${report.elements.errored} errored, ${report.elements.skipped} skipped)`,
      )
      for (const warning of report.warnings) log.warning(warning)
      reports.push(report)
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'UserError') throw error
      const location = (error as UserError).location
      const shown = displayName.startsWith('..') ? file : displayName
      errors.push(
        new UserError(error.message.split(file).join(shown), location && { ...location, file: shown }),
      )
    }
  }
  return { results: accumulator.results(reports), files, unmatched, errors, writer }
}

/** The error for reports matching nothing: names every pattern and where they were looked for. */
export function noReportsError(patterns: readonly string[], cwd: string): UserError {
  return new UserError(
    `Input 'reports': no file matched ${patterns.map((p) => `'${p}'`).join(', ')} in ${cwd}. Check the paths and that the test step wrote its JUnit report (set min-tests: 0 to allow no reports).`,
  )
}
