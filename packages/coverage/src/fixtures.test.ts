import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sumTotals, type Counter, type CoverageTotals, type Metric } from './model'
import { readCoverageReport } from './read-report'

// Table-driven over the peer fixture corpus: every coverage report in manifest.json must
// parse to the totals the manifest's independent count gives (distinct executable lines,
// branch conditions, functions) and state the totals the peer tools report.
const root = join(import.meta.dirname, '../../../test/fixtures/reports')
interface Entry {
  readonly file: string
  readonly format: string
  readonly well_formed_xml: boolean | null
  readonly peer: Record<string, number | string> | null
  readonly count: Record<string, any>
}
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { files: Entry[] }
const FORMATS = ['lcov', 'cobertura', 'clover', 'jacoco', 'istanbul-summary', 'istanbul-final']
const coverage = manifest.files.filter((f) => FORMATS.includes(f.format))

interface Expected {
  readonly files: number
  readonly totals: Partial<CoverageTotals>
  readonly declared?: Partial<CoverageTotals>
}
const counter = (covered: number, total: number): Counter => ({ covered, total })
const jacocoCounter = (c?: { covered: number; missed: number }) =>
  c ? counter(c.covered, c.covered + c.missed) : counter(0, 0)

/** What the manifest's independent count says, per format. */
function fromManifest(entry: Entry): Expected | undefined {
  const c = entry.count
  // A strict parser rejected the file, so the count has no numbers: the peer's are below.
  if (c.parse_error) return undefined
  switch (entry.format) {
    case 'lcov':
      return {
        files: c.files,
        totals: {
          lines: counter(c.DA_lines_hit, c.DA_lines),
          branches: counter(c.BRH, c.BRF),
          functions: counter(c.FNH, c.FNF),
        },
        declared: c.files
          ? { lines: counter(c.LH, c.LF), branches: counter(c.BRH, c.BRF), functions: counter(c.FNH, c.FNF) }
          : undefined,
      }
    case 'cobertura':
      return {
        files: c.files,
        totals: {
          lines: counter(c.lines_hit, c.lines),
          branches: counter(c.branch_conditions_covered, c.branch_conditions),
        },
        declared:
          c.declared?.['lines-valid'] !== undefined
            ? { lines: counter(Number(c.declared['lines-covered']), Number(c.declared['lines-valid'])) }
            : undefined,
      }
    case 'clover': {
      const m = c.declared_project_metrics
      return {
        files: c.files,
        totals: { lines: counter(c.stmt_lines_hit, c.stmt_lines) },
        declared: {
          lines: counter(Number(m.coveredstatements), Number(m.statements)),
          branches: counter(Number(m.coveredconditionals), Number(m.conditionals)),
          functions: counter(Number(m.coveredmethods), Number(m.methods)),
        },
      }
    }
    case 'jacoco': {
      const r = c.report_counters
      const totals = {
        lines: jacocoCounter(r.LINE),
        branches: jacocoCounter(r.BRANCH),
        functions: jacocoCounter(r.METHOD),
      }
      return { files: c.sourcefiles, totals, declared: r.LINE ? totals : undefined }
    }
    case 'istanbul-summary': {
      const t = c.total
      const totals = {
        lines: counter(t.lines.covered, t.lines.total),
        branches: counter(t.branches.covered, t.branches.total),
        functions: counter(t.functions.covered, t.functions.total),
      }
      return { files: c.files, totals, declared: totals }
    }
    default:
      return {
        files: c.files,
        totals: {
          lines: counter(c.lines.covered, c.lines.total),
          branches: counter(c.branches.covered, c.branches.total),
          functions: counter(c.functions.covered, c.functions.total),
        },
      }
  }
}

/**
 * Where this action reads a file differently from the naive count, on purpose. Numbers
 * were counted independently (Python ElementTree over the same files).
 */
const ADJUSTED: Record<string, { reason: string; totals: Partial<CoverageTotals> }> = {
  'clover/gcovr-gcovr/exclusion-exclude-line-branch-gcc-14.xml': {
    reason:
      'gcovr writes a <line> once per function instance; the count is of elements, distinct lines are those of the same run in LCOV (DA unique 17, 15 hit)',
    totals: { lines: counter(15, 17) },
  },
  'clover/gcovr-gcovr/virtual-classes-gcc-14.xml': {
    reason:
      'gcovr writes a <line> once per function instance; distinct lines as in the LCOV of the same run (DA unique 24, 23 hit)',
    totals: { lines: counter(23, 24) },
  },
  'cobertura/codeclimate-test-reporter/cobertura-example.xml': {
    reason: 'a <line number="0" hits="3"> is not a source line and is ignored (with a warning)',
    totals: { lines: counter(30, 32) },
  },
  'cobertura/coverallsapp-coverage-reporter/cobertura-zero-only.xml': {
    reason: 'only line-0 entries: no source line, as the report itself declares (lines-valid=0)',
    totals: { lines: counter(0, 0) },
  },
  'clover/coverallsapp-coverage-reporter/clover-unleash.xml': {
    reason:
      'istanbul writes a statement line that has branches as type="cond": its 35 cond lines (33 hit) are lines too; branches are truecount of truecount+falsecount',
    totals: { lines: counter(76 + 33, 103 + 35), branches: counter(41, 60) },
  },
  'jacoco/coverallsapp-coverage-reporter/jacoco-report-multiple-packages.xml': {
    reason:
      'the report-level counters (hand-edited fixture) disagree with its two sourcefiles of LINE 5/6 and BRANCH 2/4 each: totals come from the sourcefiles',
    totals: { lines: counter(10, 12), branches: counter(4, 8), functions: counter(4, 4) },
  },
  'jacoco/madrapps-jacoco-report/aggregate-report.xml': {
    reason:
      'the fixture keeps the report-level counters of modules whose sourcefiles were cut: totals are the sum of the sourcefile counters present',
    totals: { lines: counter(10, 28), branches: counter(0, 0), functions: counter(10, 19) },
  },
}

it('covers every coverage fixture of the corpus', () => {
  expect(coverage.length).toBe(49)
  for (const file of Object.keys(ADJUSTED)) expect(coverage.map((e) => e.file)).toContain(file)
})

describe.each(coverage)('$file', (entry) => {
  it('parses with the expected totals', async () => {
    const report = await readCoverageReport(join(root, entry.file))
    const expected = fromManifest(entry)
    const totals = sumTotals(report.files.values())
    if (expected) {
      expect(report.format).toBe(expected.files || entry.format !== 'lcov' ? entry.format : 'empty')
      expect(report.files.size).toBe(expected.files)
      expect(totals).toMatchObject({ ...expected.totals, ...ADJUSTED[entry.file]?.totals })
      if (expected.declared) expect(report.declared).toMatchObject(expected.declared)
    } else {
      expect(report.format).toBe(entry.format)
      expect(report.files.size).toBe(16) // the peer's reports.size; both files hold the same report
      // Counted with ElementTree after deleting the two stray closing tags (lines 781-782).
      expect(totals.lines).toEqual(counter(77, 106))
    }

    // What the peer tool reports is what the report states (gcovr's LF counts a line once per
    // function instance, so it can exceed the distinct lines counted above).
    for (const metric of ['lines', 'branches', 'functions'] as Metric[]) {
      const total = entry.peer?.[`${metric}_total`]
      const stated = report.declared?.[metric]
      if (typeof total !== 'number' || !stated || (stated.total === 0 && total !== 0)) continue
      expect(stated).toEqual(counter(Number(entry.peer![`${metric}_covered`]), total))
    }

    if (entry.well_formed_xml === false) {
      expect(report.warnings.length).toBeGreaterThan(0)
      for (const warning of report.warnings) {
        expect(warning.file).toBe(join(root, entry.file))
        expect(warning.line).toBeGreaterThan(0)
        expect(warning.column).toBeGreaterThan(0)
      }
    } else if (entry.file in ADJUSTED && entry.format === 'cobertura') {
      expect(report.warnings.map((w) => w.message)).toEqual([expect.stringContaining('line number 0')])
    } else if (report.format !== 'empty') {
      expect(report.warnings).toEqual([])
    }
  })
})

it('reads the non-well-formed scoverage report alike on many lines and on one', async () => {
  const dir = join(root, 'cobertura/coverallsapp-coverage-reporter')
  const multi = await readCoverageReport(join(dir, 'cobertura.xml'))
  const one = await readCoverageReport(join(dir, 'cobertura-oneline.xml'))
  expect(sumTotals(one.files.values())).toEqual(sumTotals(multi.files.values()))
  expect([...one.files.keys()]).toEqual([...multi.files.keys()])
  expect(multi.warnings[0]).toMatchObject({ line: 781, message: expect.stringContaining('</methods>') })
  expect(one.warnings[0]).toMatchObject({ line: 1, message: expect.stringContaining('</methods>') })
})
