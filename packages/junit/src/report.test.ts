import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '@pipeline-kit/common'
import { buildAnnotations } from './annotations'
import { checkRunTitle, orderAnnotations } from './check-run'
import { collectTestResults } from './collect'
import { createWorkspaceFiles } from './locate'
import { mergeReports, slowestTests } from './merge'
import { parseJUnitString } from './parse-junit'
import { prepareTestReport } from './report'
import { RESULTS_SCHEMA, toTestJson, writeResultsJson, type TestResultsJson } from './results-json'
import { renderTestSummary } from './summary'
import { decideVerdict } from './verdict'

const files = createWorkspaceFiles('/ws', ['src/a.test.ts', 'reports/junit.xml'])
const results = mergeReports([
  parseJUnitString(
    `<testsuites><testsuite name="a">
  <testcase name="fails" time="3"><failure message="expected 1 to be 2">AssertionError\n    at Object.x (/ci/src/a.test.ts:7:3)</failure></testcase>
  <testcase name="errors" time="0.1"><error message="setup &lt;crashed&gt;"/></testcase>
  <testcase name="retried"><failure message="first try"/></testcase>
  <testcase name="retried" time="1"/>
  <testcase name="ok" time="0.5"/>
  <testcase name="later"><skipped/></testcase>
</testsuite></testsuites>`,
    'reports/junit.xml',
  ),
])

describe('decideVerdict', () => {
  const totals = results.totals
  it.each([
    [['failures'], 1, undefined, 'failure', ['1 failed and 1 errored of 5 tests']],
    [['errors'], 1, undefined, 'failure', ['1 errored of 5 tests']],
    [[], 1, undefined, 'neutral', []],
    [
      [],
      10,
      undefined,
      'failure',
      ['5 tests reported, fewer than min-tests (10): is the report empty or missing?'],
    ],
    [['exit-code'], 0, 2, 'failure', ['the test command exited with code 2']],
  ] as const)('fail-on %j, min-tests %s, exit %s → %s', (failOn, minTests, exitCode, conclusion, reasons) => {
    expect(decideVerdict(totals, { failOn, minTests, exitCode })).toEqual({ conclusion, reasons })
  })
  it('passes clean results', () => {
    const clean = { ...totals, failed: 0, errored: 0 }
    expect(decideVerdict(clean, { failOn: ['failures', 'exit-code'], minTests: 1, exitCode: 0 })).toEqual({
      conclusion: 'success',
      reasons: [],
    })
  })
})

describe('buildAnnotations', () => {
  it('annotates failures at the stack frame, errors at the report element, flaky tests as warnings', () => {
    const { annotations, unplaced } = buildAnnotations(results, files)
    expect(unplaced).toBe(0)
    expect(orderAnnotations(annotations)).toEqual([
      {
        path: 'src/a.test.ts',
        start_line: 7,
        end_line: 7,
        start_column: 3,
        end_column: 3,
        annotation_level: 'failure',
        title: 'Failed: a › fails',
        message: 'expected 1 to be 2',
        raw_details: 'AssertionError\n    at Object.x (/ci/src/a.test.ts:7:3)',
      },
      {
        path: 'reports/junit.xml',
        start_line: 4,
        end_line: 4,
        annotation_level: 'failure',
        title: 'Error in: a › errors',
        message: 'setup <crashed>',
      },
      {
        path: 'reports/junit.xml',
        start_line: 5,
        end_line: 5,
        annotation_level: 'warning',
        title: 'Flaky: a › retried',
        message: 'Flaky: failed 1 of 2 attempts, then passed. first try',
      },
    ])
    expect(checkRunTitle(results.totals)).toBe('1 failed, 1 errored, 1 flaky, 1 passed, 1 skipped')
  })
})

describe('renderTestSummary', () => {
  const verdict = decideVerdict(results.totals, { failOn: ['failures'], minTests: 1 })
  it('shows totals, failures with message and trace, flaky and slowest tests, and reports', () => {
    const md = renderTestSummary(results, verdict, {
      locate: (t) => (t.name === 'fails' ? { path: 'src/a.test.ts', line: 7 } : undefined),
      blobUrl: 'https://github.com/o/r/blob/abc',
      notes: ['> a note'],
    })
    expect(md).toContain('## Test results: ❌ failed: 1 failed and 1 errored of 5 tests')
    expect(md).toContain('| 5 | 1 | 1 | 1 | 1 | 1 | 4.6s |')
    expect(md).toContain('### ❌ Failed tests (2)')
    expect(md).toContain(
      '**a › fails** — [src/a.test.ts:7](https://github.com/o/r/blob/abc/src/a.test.ts#L7)',
    )
    expect(md).toContain('> setup &lt;crashed&gt;')
    expect(md).toContain('<details><summary>Stack trace</summary>')
    expect(md).toContain('### 🔁 Flaky tests (1)')
    expect(md).toMatch(
      /### 🐢 Slowest tests\n\n\| Test \| Duration \|\n\| --- \| --- \|\n\| a › fails \| 3\.0s \|/,
    )
    expect(md).toContain('| reports/junit.xml | 6 | 2 | 1 | 1 |')
    expect(md.trimEnd().endsWith('> a note')).toBe(true)
  })

  it('stops listing failures at the byte budget with an explicit line', () => {
    const many = mergeReports([
      parseJUnitString(
        `<testsuite name="s">${Array.from({ length: 400 }, (_, i) => `<testcase name="t${i}"><failure message="m">${'trace line\n'.repeat(100)}</failure></testcase>`).join('')}</testsuite>`,
        'r.xml',
      ),
    ])
    const md = renderTestSummary(many, { conclusion: 'failure', reasons: ['x'] }, { maxBytes: 50_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(50_000)
    expect(md).toMatch(/> \*\*Truncated:\*\* \d+ more failed tests are not listed/)
    expect(md).toContain('### Reports (1)')
  })

  it('lists the slowest tests longest first', () => {
    expect(slowestTests(results.tests, 2).map((t) => t.name)).toEqual(['fails', 'retried'])
  })
})

describe('writeResultsJson', () => {
  it('writes the documented schema, one test per line, with locations of failing tests', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pk-junit-')), 'out', 'results.json')
    const verdict = decideVerdict(results.totals, { failOn: ['failures'], minTests: 1 })
    writeResultsJson(file, results, verdict, () => ({ path: 'src/a.test.ts', line: 7 }))
    const json = JSON.parse(readFileSync(file, 'utf8')) as TestResultsJson
    expect(json).toMatchObject({ schema: RESULTS_SCHEMA, conclusion: 'failure', totals: results.totals })
    expect(json.reports).toEqual([
      expect.objectContaining({ file: 'reports/junit.xml', rootName: 'testsuites' }),
    ])
    expect(json.tests).toHaveLength(5)
    expect(json.tests[0]).toEqual({
      suite: ['a'],
      classname: '',
      name: 'fails',
      report: 'reports/junit.xml',
      status: 'failed',
      durationMs: 3000,
      runs: [
        {
          outcome: 'failed',
          durationMs: 3000,
          problems: [
            {
              kind: 'failure',
              message: 'expected 1 to be 2',
              details: 'AssertionError\n    at Object.x (/ci/src/a.test.ts:7:3)',
            },
          ],
        },
      ],
      location: { path: 'src/a.test.ts', line: 7 },
    })
    expect(json.tests[3]).not.toHaveProperty('location')
    // The fast path for passing tests writes exactly what JSON.stringify would.
    const ok = results.tests.find((t) => t.name === 'ok')!
    expect(readFileSync(file, 'utf8').split('\n')).toContain(`${JSON.stringify(toTestJson(ok))},`)
  })
})

describe('collectTestResults with a results path', () => {
  it('streams passing tests to the JSON, keeps failing ones, and prepareTestReport finishes the file', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'pk-junit-'))
    mkdirSync(join(ws, 'shards'))
    writeFileSync(
      join(ws, 'shards', '1.xml'),
      '<testsuite name="s"><testcase name="a"><failure message="m"/></testcase><testcase name="b"/></testsuite>',
    )
    writeFileSync(
      join(ws, 'shards', '2.xml'),
      '<testsuite name="s"><testcase name="a"/><testcase name="c"><failure/></testcase></testsuite>',
    )
    const resultsPath = join(ws, 'out', 'results.json')
    const collected = await collectTestResults(
      { patterns: ['shards/*.xml'], cwd: ws, workspace: ws, resultsPath },
      silentLogger,
    )
    expect(collected.results.tests.map((t) => t.name)).toEqual(['a', 'c'])
    const report = await prepareTestReport(collected, {
      failOn: ['failures'],
      minTests: 1,
      workspace: ws,
      resultsPath,
      checkName: 'x',
    })
    expect(report.outputs).toMatchObject({
      total: 3,
      passed: 1,
      failed: 1,
      flaky: 1,
      conclusion: 'failure',
      'results-path': resultsPath,
    })
    const json = JSON.parse(readFileSync(resultsPath, 'utf8')) as TestResultsJson
    expect(json.schema).toBe(RESULTS_SCHEMA)
    expect(json.tests.map((t) => `${t.name}:${t.status}`)).toEqual(['b:passed', 'a:flaky', 'c:failed'])
    expect(json.tests[1]!.location).toEqual({ path: 'shards/1.xml', line: 1 })
    expect(json.totals).toEqual(report.results.totals)
    expect(json.reports.map((r) => r.file)).toEqual(['shards/1.xml', 'shards/2.xml'])
  })
})
