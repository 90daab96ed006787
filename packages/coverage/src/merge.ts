import { type FileCoverage, type ReportWarning } from './model'

/** Files merged from several reports, and what could not be merged exactly. */
export interface MergedCoverage {
  readonly files: Map<string, FileCoverage>
  readonly warnings: ReportWarning[]
}

/**
 * Merges reports line by line (shards of one test run, packages of a monorepo, several
 * languages): hits of a line are summed, branch conditions summed position by position,
 * functions summed by line and name. A file that only one side describes line by line keeps
 * that side's detail; two summary-only entries keep the higher coverage with a warning,
 * as summaries cannot be merged exactly. Takes over the reports' file entries (no copies:
 * reports can be large).
 */
export function mergeFiles(
  reports: readonly { source: string; files: Map<string, FileCoverage> }[],
): MergedCoverage {
  const files = new Map<string, FileCoverage>()
  const warnings: ReportWarning[] = []
  for (const report of reports) {
    for (const [path, incoming] of report.files) {
      const existing = files.get(path)
      if (!existing) {
        files.set(path, incoming)
        continue
      }
      mergeInto(existing, incoming, report.source, warnings)
    }
  }
  return { files, warnings }
}

function mergeInto(
  target: FileCoverage,
  source: FileCoverage,
  reportName: string,
  warnings: ReportWarning[],
): void {
  for (const [line, hits] of source.lines) target.lines.set(line, (target.lines.get(line) ?? 0) + hits)
  for (const [line, conditions] of source.branches) {
    const existing = target.branches.get(line)
    if (!existing) target.branches.set(line, [...conditions])
    else {
      for (let i = 0; i < conditions.length; i++) existing[i] = (existing[i] ?? 0) + conditions[i]!
    }
  }
  for (const [key, fn] of source.functions) {
    const existing = target.functions.get(key)
    if (existing) existing.hits += fn.hits
    else target.functions.set(key, { ...fn })
  }
  if (source.summary) {
    const hasDetail = target.lines.size > 0
    if (!target.summary) target.summary = source.summary
    else if (!hasDetail) {
      const better =
        (source.summary.lines?.covered ?? 0) > (target.summary.lines?.covered ?? 0)
          ? source.summary
          : target.summary
      target.summary = better
      warnings.push({
        file: reportName,
        message: `${target.path} appears in several summary-only reports: they cannot be merged line by line, the higher coverage is kept`,
      })
    }
  }
}
