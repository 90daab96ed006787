import { findFiles, UserError, type Logger } from '@pipeline-kit/common'
import { relative } from 'node:path'
import { mergeReports } from './merge'
import type { JUnitReport, TestResults } from './model'
import { parseJUnitFile } from './parse-junit'

export interface CollectOptions {
  /** Glob patterns (a leading ! excludes), relative to cwd. */
  readonly patterns: readonly string[]
  readonly cwd: string
  /** Report paths are shown relative to this folder (the workspace). */
  readonly workspace: string
}

export interface CollectedResults {
  readonly results: TestResults
  readonly files: readonly string[]
  /** Patterns that matched no file. */
  readonly unmatched: readonly string[]
  /** Reports that could not be read (malformed, not JUnit), each naming file:line:col. */
  readonly errors: readonly UserError[]
}

/**
 * Finds the reports, parses each one as a stream (one at a time, so memory holds the tests
 * but never a whole file) and merges them in path order. Unreadable reports are collected,
 * not thrown, so the caller can still report the others before failing.
 */
export async function collectTestResults(options: CollectOptions, log: Logger): Promise<CollectedResults> {
  const { files, unmatched } = await findFiles(options.patterns, options.cwd)
  for (const pattern of unmatched) log.warning(`No report matched '${pattern}' in ${options.cwd}`)
  const reports: JUnitReport[] = []
  const errors: UserError[] = []
  for (const file of files) {
    const displayName = relative(options.workspace, file)
    try {
      const report = await parseJUnitFile(file, {
        displayName: displayName.startsWith('..') ? file : displayName,
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
  return { results: mergeReports(reports), files, unmatched, errors }
}

/** The error for reports matching nothing: names every pattern and where they were looked for. */
export function noReportsError(patterns: readonly string[], cwd: string): UserError {
  return new UserError(
    `Input 'reports': no file matched ${patterns.map((p) => `'${p}'`).join(', ')} in ${cwd}. Check the paths and that the test step wrote its JUnit report (set min-tests: 0 to allow no reports).`,
  )
}
