import { LineHits } from './line-hits'

export { LineHits }

/** The report formats read, each recognised by its content. */
export const COVERAGE_FORMATS = [
  'lcov',
  'cobertura',
  'clover',
  'jacoco',
  'istanbul-summary',
  'istanbul-final',
] as const
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number]

/** Covered out of total for one metric. */
export interface Counter {
  readonly covered: number
  readonly total: number
}

export interface CoverageTotals {
  readonly lines: Counter
  readonly branches: Counter
  readonly functions: Counter
}

export const METRICS = ['lines', 'branches', 'functions'] as const
export type Metric = (typeof METRICS)[number]

export interface FunctionHits {
  name: string
  readonly line: number
  hits: number
}

/**
 * One source file's coverage, line by line where the format says it. `summary` holds the
 * totals a summary-only format (Istanbul json-summary, JaCoCo counters) states for a metric
 * whose detail is absent; detail wins whenever it is present.
 */
export interface FileCoverage {
  path: string
  /** Executable line → hit count. */
  readonly lines: LineHits
  /** Line → hit count per branch condition on that line. */
  readonly branches: Map<number, number[]>
  /** Key (line:name) → function hits. */
  readonly functions: Map<string, FunctionHits>
  summary?: Partial<CoverageTotals>
}

/** A defect the reader recovered from, where it was. */
export interface ReportWarning {
  readonly file: string
  readonly line?: number
  readonly column?: number
  readonly message: string
}

export interface CoverageReport {
  /** The report file it was read from (or a name standing for it). */
  readonly source: string
  readonly format: CoverageFormat | 'empty'
  readonly files: Map<string, FileCoverage>
  /** Roots the report says its paths are relative to (Cobertura `<source>`). */
  readonly roots: readonly string[]
  /** Totals the report itself states, when it states any (LF/LH, lines-valid, counters…). */
  readonly declared?: Partial<CoverageTotals>
  readonly warnings: ReportWarning[]
}

export function emptyFile(path: string): FileCoverage {
  return { path, lines: new LineHits(), branches: new Map(), functions: new Map() }
}

/** Gets or creates the entry for path. */
export function fileEntry(files: Map<string, FileCoverage>, path: string): FileCoverage {
  let file = files.get(path)
  if (!file) {
    file = emptyFile(path)
    files.set(path, file)
  }
  return file
}

const ZERO: Counter = { covered: 0, total: 0 }

/** Totals of one file: from its line detail per metric, else from its stated summary. */
export function fileTotals(file: FileCoverage): CoverageTotals {
  const linesCovered = file.lines.countCovered()
  let branchesTotal = 0
  let branchesCovered = 0
  for (const conditions of file.branches.values()) {
    branchesTotal += conditions.length
    for (const hits of conditions) if (hits > 0) branchesCovered++
  }
  let functionsCovered = 0
  for (const fn of file.functions.values()) if (fn.hits > 0) functionsCovered++
  return {
    lines:
      file.lines.size || !file.summary?.lines
        ? { covered: linesCovered, total: file.lines.size }
        : file.summary.lines,
    branches:
      file.branches.size || !file.summary?.branches
        ? { covered: branchesCovered, total: branchesTotal }
        : file.summary.branches,
    functions:
      file.functions.size || !file.summary?.functions
        ? { covered: functionsCovered, total: file.functions.size }
        : file.summary.functions,
  }
}

/** Sum of the totals of every file. */
export function sumTotals(files: Iterable<FileCoverage>): CoverageTotals {
  const sum = { lines: { ...ZERO }, branches: { ...ZERO }, functions: { ...ZERO } }
  for (const file of files) {
    const totals = fileTotals(file)
    for (const metric of METRICS) {
      sum[metric] = {
        covered: sum[metric].covered + totals[metric].covered,
        total: sum[metric].total + totals[metric].total,
      }
    }
  }
  return sum
}

/** The most characters of a pull-request comment GitHub accepts. */
export const COMMENT_MAX_CHARS = 65_536
