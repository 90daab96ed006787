import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import {
  needCoveragePy,
  removeScratch,
  runC8,
  runCoveragePy,
  runVitestCoverage,
  scratchCopy,
  type PrintedCounts,
  type PrintedPercents,
} from './tools'

// Real tools write the reports: vitest + @vitest/coverage-v8 (five formats), c8, coverage.py
// (Cobertura XML and LCOV). The action's totals must equal what each tool printed.
let dir: string
let vitestPrinted: PrintedPercents
let c8Printed: PrintedCounts
let pyPrinted: Awaited<ReturnType<typeof runCoveragePy>> | undefined
const hasCoveragePy = needCoveragePy()

beforeAll(async () => {
  dir = scratchCopy('js')
  vitestPrinted = await runVitestCoverage(dir)
  c8Printed = await runC8(dir)
  if (hasCoveragePy) {
    scratchCopy('python', join(dir, 'py'))
    pyPrinted = await runCoveragePy(join(dir, 'py'))
  }
})
afterAll(() => removeScratch(dir))

const run = (inputs: Record<string, string>) =>
  runActionBundle({ action: 'coverage', workspace: dir, inputs: { 'baseline-cache': 'false', ...inputs } })
const report = (r: ActionRun) => JSON.parse(r.outputs.report!)
const pct = (n: number) => n.toFixed(2)
/** `(covered of total)` of a metric, as threshold messages give it. */
const counted = (r: ActionRun, metric: 'lines' | 'functions') => {
  const { covered, total } = report(r).totals[metric]
  return `(${covered} of ${total})`
}

describe('vitest with @vitest/coverage-v8', () => {
  const summary = () =>
    JSON.parse(readFileSync(join(dir, 'coverage', 'coverage-summary.json'), 'utf8')).total as Record<
      'lines' | 'branches' | 'functions',
      { covered: number; total: number }
    >

  it.each([
    ['lcov', 'coverage/lcov.info'],
    ['cobertura', 'coverage/cobertura-coverage.xml'],
    ['clover', 'coverage/clover.xml'],
    ['istanbul-summary', 'coverage/coverage-summary.json'],
    ['istanbul-final', 'coverage/coverage-final.json'],
  ])('%s: totals equal what vitest printed', async (format, path) => {
    const r = await run({ reports: path })
    expect(r.failures).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.outputs.lines).toBe(pct(vitestPrinted.lines))
    expect(r.outputs.branches).toBe(pct(vitestPrinted.branches))
    expect(r.outputs.functions).toBe(pct(vitestPrinted.functions))
    const json = report(r)
    expect(json.reports).toEqual([{ file: path, format, files: 2, unmatched: 0 }])
    const { lines, branches, functions } = summary()
    expect(json.totals).toEqual({
      lines: { covered: lines.covered, total: lines.total },
      branches: { covered: branches.covered, total: branches.total },
      functions: { covered: functions.covered, total: functions.total },
    })
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['src/text.js', 'src/math.js'])
    expect(r.annotations.filter((a) => a.level === 'warning')).toEqual([])
  })

  it('writes the summary tables and an SVG badge', async () => {
    const r = await run({
      reports: 'coverage/lcov.info',
      'badge-path': 'badges/coverage.svg',
      'min-lines': '50',
    })
    expect(r.exitCode).toBe(0)
    expect(r.summary).toContain(`### ✅ Coverage: ${pct(vitestPrinted.lines)}% of lines`)
    expect(r.summary).toContain(`| Lines | ${pct(vitestPrinted.lines)}% |`)
    expect(r.summary).toContain('≥ 50% ✅')
    expect(r.summary).toMatch(/\| src\/text\.js \| 50\.00% \(1 \/ 2\) \|/)
    const svg = readFileSync(join(dir, 'badges', 'coverage.svg'), 'utf8')
    expect(svg).toContain(`aria-label="coverage: ${vitestPrinted.lines}%"`)
  })
})

describe('c8', () => {
  it('LCOV totals equal what c8 printed', async () => {
    const r = await run({ reports: 'coverage-c8/lcov.info' })
    expect(r.exitCode).toBe(0)
    expect(report(r).totals).toEqual(c8Printed)
  })
})

describe.runIf(hasCoveragePy)('coverage.py', () => {
  it.each([
    ['cobertura', 'py/coverage.xml'],
    ['lcov', 'py/coverage.lcov'],
  ])('%s totals equal what coverage.py printed', async (format, path) => {
    const r = await run({ reports: path })
    expect(r.exitCode).toBe(0)
    const json = report(r)
    expect(json.reports[0]).toMatchObject({ format, unmatched: 0 })
    expect(json.totals.lines).toEqual(pyPrinted!.lines)
    expect(json.totals.branches).toEqual(pyPrinted!.branches)
    expect(json.files.map((f: { path: string }) => f.path).sort()).toEqual(['py/main.py', 'py/shapes.py'])
  })

  it('merges JavaScript and Python reports into one total', async () => {
    const r = await run({ reports: 'coverage/lcov.info\npy/coverage.xml' })
    expect(r.exitCode).toBe(0)
    const js = JSON.parse(readFileSync(join(dir, 'coverage', 'coverage-summary.json'), 'utf8')).total
    expect(report(r).totals.lines).toEqual({
      covered: js.lines.covered + pyPrinted!.lines.covered,
      total: js.lines.total + pyPrinted!.lines.total,
    })
    expect(report(r).filesTotal).toBe(4)
  })
})

describe('gates and bad inputs', () => {
  it('fails with one line per failed threshold', async () => {
    const r = await run({
      reports: 'coverage/lcov.info',
      'min-lines': '90',
      'min-functions': '95',
      'min-file-lines': '55',
    })
    expect(r.exitCode).toBe(1)
    expect(r.outputs.passed).toBe('false')
    expect(r.failures).toEqual([
      [
        `lines coverage ${pct(vitestPrinted.lines)}% ${counted(r, 'lines')} is below min-lines 90%`,
        `functions coverage ${pct(vitestPrinted.functions)}% ${counted(r, 'functions')} is below min-functions 95%`,
        '1 file(s) below min-file-lines 55%: src/text.js 50.00%',
      ].join('\n'),
    ])
    expect(r.summary).toContain('**Failed thresholds:**')
  })

  it('rejects a threshold of 120', async () => {
    const r = await run({ reports: 'coverage/lcov.info', 'min-lines': '120' })
    expect(r.exitCode).toBe(1)
    expect(r.failures).toEqual(["Input 'min-lines' has invalid value '120': expected a value from 0 to 100"])
  })

  it('names an unknown format and an empty report', async () => {
    writeFileSync(
      join(dir, 'junit.xml'),
      '<?xml version="1.0"?>\n<testsuites><testsuite name="x"/></testsuites>\n',
    )
    writeFileSync(join(dir, 'empty.info'), '')
    const unknown = await run({ reports: 'junit.xml' })
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stdout).toContain(
      'junit.xml: unknown coverage format (starts with \'<?xml version="1.0"?>\'); expected one of lcov, cobertura, clover, jacoco, istanbul-summary, istanbul-final',
    )
    const empty = await run({ reports: 'empty.info' })
    expect(empty.exitCode).toBe(1)
    expect(empty.failures).toEqual([
      'No coverage data in empty.info: the report is empty or list no source file. Check that the tests ran with coverage enabled and wrote the report before this step.',
    ])
    const none = await run({ reports: 'nothing/*.info' })
    expect(none.failures[0]).toBe(
      `Input 'reports': no file matched 'nothing/*.info' in ${dir}; expected at least one report`,
    )
    expect(existsSync(join(dir, '.pipeline-kit-coverage'))).toBe(false)
  })
})
