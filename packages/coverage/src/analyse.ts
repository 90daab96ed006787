import { dirname, relative } from 'node:path'
import type { ChangedFiles } from '@pipeline-kit/git-changes'
import { UserError, type Logger } from '@pipeline-kit/common'
import { computeDelta, type CoverageBaseline, type CoverageDelta } from './delta'
import { mergeFiles } from './merge'
import {
  fileTotals,
  METRICS,
  sumTotals,
  type CoverageFormat,
  type CoverageTotals,
  type FileCoverage,
  type Metric,
  type ReportWarning,
} from './model'
import { computePatchCoverage, type PatchCoverage } from './patch'
import { percent } from './percent'
import { normaliseReportPaths, type PathOptions } from './paths'
import { readCoverageReport } from './read-report'
import { evaluateThresholds, type ThresholdCheck, type Thresholds } from './thresholds'

export interface ReportInfo {
  readonly file: string
  readonly format: CoverageFormat | 'empty'
  readonly files: number
  /** Paths that are no workspace file. */
  readonly unmatched: number
}

export interface CollectedCoverage {
  readonly files: Map<string, FileCoverage>
  readonly reports: readonly ReportInfo[]
  readonly warnings: readonly ReportWarning[]
}

/**
 * Reads every report (format by content), makes its paths workspace-relative and merges
 * them line by line. No coverage data at all in any report is a UserError naming them.
 */
export async function collectCoverage(
  reportFiles: readonly string[],
  paths: PathOptions,
  log: Logger,
): Promise<CollectedCoverage> {
  const reports: ReportInfo[] = []
  const warnings: ReportWarning[] = []
  const normalised: { source: string; files: Map<string, FileCoverage> }[] = []
  for (const path of reportFiles) {
    const report = await readCoverageReport(path)
    // Reports are named relative to the workspace, so warnings can become annotations.
    const file = relative(paths.workspace, path).startsWith('..') ? path : relative(paths.workspace, path)
    const result = normaliseReportPaths(report, { ...paths, reportDir: dirname(file) })
    for (const warning of [...report.warnings, ...result.warnings]) warnings.push({ ...warning, file })
    reports.push({
      file,
      format: report.format,
      files: result.files.size,
      unmatched: result.unmatched.length,
    })
    log.info(`${file}: ${report.format}, ${result.files.size} file(s)`)
    const stated = report.declared?.lines
    const read = sumTotals(result.files.values()).lines
    if (stated && stated.total !== read.total)
      log.info(
        `${file}: the report states ${stated.covered}/${stated.total} lines; ${read.covered}/${read.total} distinct executable lines were read (this action counts each line once)`,
      )
    normalised.push({ source: file, files: result.files })
  }
  const merged = mergeFiles(normalised)
  warnings.push(...merged.warnings)
  if (merged.files.size === 0) {
    throw new UserError(
      `No coverage data in ${reports.map((r) => r.file).join(', ')}: ${reports.length === 1 ? 'the report is' : 'the reports are'} empty or list no source file. ` +
        'Check that the tests ran with coverage enabled and wrote the report before this step.',
    )
  }
  return { files: merged.files, reports, warnings }
}

export interface FileSummary {
  readonly path: string
  readonly totals: CoverageTotals
  readonly percent: Readonly<Record<Metric, number | undefined>>
}

/** The normalised result: what outputs, the comment, the summary and the badge show. */
export interface CoverageResult {
  readonly totals: CoverageTotals
  readonly percent: Readonly<Record<Metric, number | undefined>>
  /** Worst line coverage first. */
  readonly files: readonly FileSummary[]
  readonly reports: readonly ReportInfo[]
  readonly patch?: PatchCoverage
  readonly baseline?: {
    readonly sha: string
    readonly ref: string
    readonly createdAt: string
    readonly totals: CoverageTotals
  }
  readonly delta?: CoverageDelta
  /** Why there is no delta, when there is none. */
  readonly baselineNote?: string
  readonly thresholds: readonly ThresholdCheck[]
  readonly passed: boolean
  readonly warnings: readonly ReportWarning[]
}

export interface SummariseOptions {
  readonly thresholds: Thresholds
  readonly changes?: ChangedFiles
  readonly baseline?: CoverageBaseline
  readonly baselineNote?: string
}

function percents(totals: CoverageTotals): Record<Metric, number | undefined> {
  const result = {} as Record<Metric, number | undefined>
  for (const metric of METRICS) result[metric] = percent(totals[metric])
  return result
}

/** Totals, per-file table (worst first), patch coverage, delta and threshold checks. Pure. */
export function summariseCoverage(collected: CollectedCoverage, options: SummariseOptions): CoverageResult {
  const files: FileSummary[] = [...collected.files.values()].map((file) => {
    const totals = fileTotals(file)
    return { path: file.path, totals, percent: percents(totals) }
  })
  files.sort(
    (a, b) =>
      (a.percent.lines ?? 101) - (b.percent.lines ?? 101) ||
      b.totals.lines.total - b.totals.lines.covered - (a.totals.lines.total - a.totals.lines.covered) ||
      a.path.localeCompare(b.path),
  )
  const totals = sumTotals(collected.files.values())
  const patch = options.changes ? computePatchCoverage(collected.files, options.changes) : undefined
  const thresholds = evaluateThresholds(options.thresholds, { totals, files, patch })
  return {
    totals,
    percent: percents(totals),
    files,
    reports: collected.reports,
    patch,
    baseline: options.baseline && {
      sha: options.baseline.sha,
      ref: options.baseline.ref,
      createdAt: options.baseline.createdAt,
      totals: options.baseline.totals,
    },
    delta: options.baseline ? computeDelta(totals, options.baseline.totals) : undefined,
    baselineNote: options.baselineNote,
    thresholds,
    passed: thresholds.every((t) => t.passed),
    warnings: collected.warnings,
  }
}
