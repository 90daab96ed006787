import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseUnifiedDiff } from '@pipeline-kit/git-changes'
import { createRecordingLogger, silentLogger } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import { collectCoverage, summariseCoverage, type CollectedCoverage } from './analyse'
import { renderCoverageBadge } from './badge'
import { computeDelta, createBaseline, parseBaseline } from './delta'
import { planCoverageEvent, patchAnnotations } from './event'
import { parseLcov } from './lcov'
import { mergeFiles } from './merge'
import { fileTotals, sumTotals } from './model'
import { parsePercentThreshold, percent } from './percent'
import { computePatchCoverage } from './patch'
import { normaliseReportPaths } from './paths'
import { detectFormat, parseCoverageText } from './read-report'
import { commentMarker, renderCoverageMarkdown } from './render'
import { evaluateThresholds } from './thresholds'

const lcov = (...records: string[]) => records.join('\n') + '\n'
const sf = (path: string, da: Record<number, number>, extra: string[] = []) =>
  [`SF:${path}`, ...Object.entries(da).map(([l, h]) => `DA:${l},${h}`), ...extra, 'end_of_record'].join('\n')

describe('detectFormat', () => {
  it.each([
    ['TN:\nSF:a.js\nDA:1,1\nend_of_record\n', 'lcov'],
    [
      '<?xml version="1.0"?>\n<!DOCTYPE coverage SYSTEM "x">\n<coverage line-rate="1"><sources/>',
      'cobertura',
    ],
    ['<?xml version="1.0"?><coverage generated="1" clover="3.2.0"><project>', 'clover'],
    ['<coverage generated="1">\n  <project timestamp="1">', 'clover'],
    [
      '<?xml version="1.0"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="x">',
      'jacoco',
    ],
    ['{"total":{"lines":{"total":1,"covered":1}}}', 'istanbul-summary'],
    ['{"/a/b.js":{"path":"/a/b.js","statementMap":{}}}', 'istanbul-final'],
    ['  \n', 'empty'],
    ['<testsuites><testsuite/></testsuites>', undefined],
    ['{"results":[]}', undefined],
    ['hello world', undefined],
  ])('%s → %s', (head, format) => {
    expect(detectFormat(head)).toBe(format)
  })

  it('names the file and what it saw for an unknown format', () => {
    expect(() => parseCoverageText('<testsuites/>', 'junit.xml')).toThrow(
      "junit.xml: unknown coverage format (starts with '<testsuites/>'); expected one of lcov, cobertura, clover, jacoco, istanbul-summary, istanbul-final",
    )
  })
})

describe('parseLcov', () => {
  it('reads lines, branches and functions and keeps going after a bad record', () => {
    const report = parseLcov(
      lcov(
        'TN:',
        'SF:src/a.ts',
        'FN:1,add',
        'FNDA:3,add',
        'FN:5,unused',
        'FNDA:0,unused',
        'DA:1,3',
        'DA:2,oops',
        'DA:3,0',
        'BRDA:1,0,0,2',
        'BRDA:1,0,1,-',
        'end_of_record',
      ),
      'lcov.info',
    )
    expect(fileTotals(report.files.get('src/a.ts')!)).toEqual({
      lines: { covered: 1, total: 2 },
      branches: { covered: 1, total: 2 },
      functions: { covered: 1, total: 2 },
    })
    expect(report.warnings).toEqual([
      {
        file: 'lcov.info',
        line: 8,
        column: 4,
        message: "malformed DA record '2,oops': expected DA:<line>,<hits>; ignored",
      },
    ])
  })
})

describe('mergeFiles', () => {
  it('sums hits line by line across shards and unions lines', () => {
    const a = parseLcov(lcov(sf('a.ts', { 1: 1, 2: 0, 3: 0 }, ['BRDA:2,0,0,1', 'BRDA:2,0,1,0'])), 'a')
    const b = parseLcov(lcov(sf('a.ts', { 1: 0, 2: 4, 3: 0 }, ['BRDA:2,0,0,0', 'BRDA:2,0,1,2'])), 'b')
    const c = parseLcov(lcov(sf('b.ts', { 7: 1 })), 'c')
    const merged = mergeFiles([a, b, c])
    expect([...merged.files.keys()]).toEqual(['a.ts', 'b.ts'])
    expect([...merged.files.get('a.ts')!.lines]).toEqual([
      [1, 1],
      [2, 4],
      [3, 0],
    ])
    expect(sumTotals(merged.files.values())).toEqual({
      lines: { covered: 3, total: 4 },
      branches: { covered: 2, total: 2 },
      functions: { covered: 0, total: 0 },
    })
  })
})

describe('normaliseReportPaths', () => {
  const files = new Set(['src/app.ts', 'pkg/api/src/server.py'])
  const exists = (p: string) => files.has(p)
  it('strips the workspace, configured prefixes, Cobertura roots and foreign absolute prefixes', () => {
    const report = parseLcov(
      lcov(
        sf('/home/runner/work/app/app/src/app.ts', { 1: 1 }),
        sf('/app/pkg/api/src/server.py', { 1: 1 }),
        sf('C:\\build\\agent\\src\\app.ts', { 2: 1 }),
      ),
      'lcov.info',
    )
    const result = normaliseReportPaths(report, { workspace: '/home/runner/work/app/app', exists })
    expect([...result.files.keys()]).toEqual(['src/app.ts', 'pkg/api/src/server.py'])
    expect([...result.files.get('src/app.ts')!.lines.keys()]).toEqual([1, 2])
    expect(result.warnings).toEqual([])
  })

  it('uses path-prefix and says when no path of a report is a workspace file', () => {
    const report = parseLcov(
      lcov(sf('/srv/x/src/app.ts', { 1: 1 }), sf('/srv/x/gone.ts', { 1: 1 })),
      'r.info',
    )
    const result = normaliseReportPaths(report, { workspace: '/w', prefixes: ['/srv/x'], exists })
    expect([...result.files.keys()]).toEqual(['src/app.ts', 'gone.ts'])
    expect(result.warnings[0]!.message).toBe("1 of 2 paths are no file of the workspace (e.g. 'gone.ts')")
    const none = normaliseReportPaths(parseLcov(lcov(sf('lib/other.rb', { 1: 1 })), 'o.info'), {
      workspace: '/w',
      exists,
    })
    expect(none.warnings[0]!.message).toContain(
      "none of the 1 paths in this report is a file of the workspace (e.g. 'lib/other.rb')",
    )
    expect(none.warnings[0]!.message).toContain("set 'path-prefix'")
  })

  it('resolves Cobertura filenames against <source> roots', () => {
    const report = parseCoverageText(
      `<?xml version="1.0"?><coverage lines-valid="1" lines-covered="1"><sources><source>/ci/checkout/pkg/api</source></sources>
       <packages><package><classes><class filename="src/server.py"><lines><line number="3" hits="2"/></lines></class></classes></package></packages></coverage>`,
      'coverage.xml',
    )
    const result = normaliseReportPaths(report, { workspace: '/w', exists })
    expect([...result.files.keys()]).toEqual(['pkg/api/src/server.py'])
  })
})

describe('patch coverage', () => {
  const report = parseLcov(
    lcov(sf('src/a.ts', { 1: 1, 2: 0, 3: 0, 5: 0, 6: 1, 8: 0 }), sf('src/b.ts', { 1: 0 })),
    'l',
  )
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -0,0 +1,8 @@',
    ...Array.from({ length: 8 }, (_, i) => `+line ${i + 1}`),
    'diff --git a/README.md b/README.md',
    '--- a/README.md',
    '+++ b/README.md',
    '@@ -1 +1 @@',
    '-old',
    '+new',
    '',
  ].join('\n')
  it('counts changed executable lines and groups uncovered ones across non-executable lines', () => {
    const patch = computePatchCoverage(report.files, parseUnifiedDiff(diff))
    expect(patch).toMatchObject({ covered: 2, total: 6, percent: 33.33 })
    expect(patch.files).toEqual([
      {
        path: 'src/a.ts',
        covered: 2,
        total: 6,
        uncovered: [
          { start: 2, end: 5 },
          { start: 8, end: 8 },
        ],
      },
    ])
    expect(patchAnnotations(patch).map((a) => a.message)).toEqual([
      'Lines 2–5 were changed but no test runs them.',
      'Line 8 was changed but no test runs it.',
    ])
  })
})

const t = (text: string) => parsePercentThreshold(text)!

describe('thresholds', () => {
  const totals = {
    lines: { covered: 72, total: 100 },
    branches: { covered: 0, total: 0 },
    functions: { covered: 9, total: 10 },
  }
  it('gives one line per failed threshold and notes what could not be checked', () => {
    const checks = evaluateThresholds(
      { lines: t('80'), branches: t('50'), functions: t('90'), fileLines: t('50'), patch: t('75') },
      {
        totals,
        files: [
          { path: 'a.ts', totals: { ...totals, lines: { covered: 1, total: 4 } } },
          { path: 'b.ts', totals: { ...totals, lines: { covered: 4, total: 4 } } },
        ],
        patch: { covered: 1, total: 3, percent: 33.33, files: [], withoutLineData: [] },
      },
    )
    expect(checks.filter((c) => !c.passed).map((c) => c.reason)).toEqual([
      'lines coverage 72.00% (72 of 100) is below min-lines 80%',
      '1 file(s) below min-file-lines 50%: a.ts 25.00%',
      'patch coverage 33.33% (1 of 3 changed lines) is below min-patch 75%',
    ])
    expect(checks.find((c) => c.input === 'min-branches')).toMatchObject({
      passed: true,
      reason: 'min-branches: no branches were measured in the reports; not checked',
    })
    expect(checks.find((c) => c.input === 'min-functions')).toMatchObject({ passed: true, actual: 90 })
  })
})

describe('delta and baseline', () => {
  it('round-trips a baseline and computes percentage points', () => {
    const before = {
      lines: { covered: 50, total: 100 },
      branches: { covered: 0, total: 0 },
      functions: { covered: 1, total: 2 },
    }
    const now = {
      lines: { covered: 60, total: 120 },
      branches: { covered: 1, total: 2 },
      functions: { covered: 3, total: 4 },
    }
    const baseline = parseBaseline(
      JSON.stringify(createBaseline(before, { sha: 'abc', ref: 'refs/heads/main' })),
      'b.json',
    )
    expect(computeDelta(now, baseline.totals)).toEqual({ lines: 0, branches: undefined, functions: 25 })
    expect(() => parseBaseline('{"version":2}', 'b.json')).toThrow('b.json: not a coverage baseline')
    expect(() => parseBaseline('nope', 'b.json')).toThrow('b.json: the coverage baseline is not valid JSON')
  })
})

describe('planCoverageEvent', () => {
  it('tells pull requests and default-branch pushes apart', () => {
    expect(
      planCoverageEvent(
        { eventName: 'pull_request', payload: { pull_request: { number: 7 } }, ref: 'refs/pull/7/merge' },
        'main',
      ),
    ).toEqual({
      pullRequest: 7,
      defaultBranchPush: false,
    })
    expect(
      planCoverageEvent({ eventName: 'push', payload: {}, ref: 'refs/heads/main' }, 'main').defaultBranchPush,
    ).toBe(true)
    expect(
      planCoverageEvent({ eventName: 'push', payload: {}, ref: 'refs/heads/dev' }, 'main').defaultBranchPush,
    ).toBe(false)
  })
})

function collected(fileCount: number): CollectedCoverage {
  const records = Array.from({ length: fileCount }, (_, i) =>
    sf(`src/module-${String(i).padStart(5, '0')}/a-rather-long-file-name-to-fill-the-table.ts`, {
      1: 1,
      2: i % 3,
    }),
  )
  const report = parseLcov(lcov(...records), 'lcov.info')
  return {
    files: report.files,
    reports: [{ file: 'lcov.info', format: 'lcov', files: fileCount, unmatched: 0 }],
    warnings: [],
  }
}

describe('renderCoverageMarkdown', () => {
  it('shows totals, delta, thresholds and files worst first', () => {
    const result = summariseCoverage(collected(3), {
      thresholds: { lines: t('90') },
      baseline: createBaseline(
        {
          lines: { covered: 6, total: 6 },
          branches: { covered: 0, total: 0 },
          functions: { covered: 0, total: 0 },
        },
        { sha: '0123456789', ref: 'refs/heads/main', now: new Date('2026-01-02T00:00:00Z') },
      ),
    })
    const text = renderCoverageMarkdown(result, {
      title: 'Coverage',
      maxChars: 65_536,
      marker: commentMarker('coverage'),
    })
    expect(text.split('\n').slice(0, 8)).toEqual([
      '<!-- pipeline-kit-coverage: coverage -->',
      '### ❌ Coverage: 83.33% of lines',
      '',
      '| Metric | Coverage | Covered | Δ vs main | Required |',
      '| --- | --- | --- | --- | --- |',
      '| Lines | 83.33% | 5 / 6 | -16.67 ▼ | ≥ 90% ❌ |',
      '| Branches | n/a | – | – |  |',
      '| Functions | n/a | – | – |  |',
    ])
    expect(text).toContain('- lines coverage 83.33% (5 of 6) is below min-lines 90%')
    expect(text).toContain('Baseline: `0123456` on main (2026-01-02).')
    const rows = text.split('\n').filter((l) => l.startsWith('| src/'))
    expect(rows[0]).toContain('50.00% (1 / 2)')
    expect(rows.at(-1)).toContain('100.00% (2 / 2)')
  })

  it('stays under the comment limit with an explicit truncation line', () => {
    const result = summariseCoverage(collected(3000), { thresholds: {} })
    const text = renderCoverageMarkdown(result, {
      title: 'Coverage',
      maxChars: 65_536,
      marker: commentMarker('coverage'),
      moreAt: 'the job summary has the complete table',
    })
    expect(text.length).toBeLessThanOrEqual(65_536)
    expect(text.length).toBeGreaterThan(60_000)
    expect(text).toMatch(
      /\*\*Truncated:\*\* \d+ more row\(s\) not shown to stay within 65536 characters; the job summary has the complete table\./,
    )
    expect(text.trimEnd().endsWith('</details>')).toBe(true)
  })
})

describe('renderCoverageBadge', () => {
  it('draws a self-contained SVG coloured by coverage', () => {
    const svg = renderCoverageBadge('coverage', { covered: 171, total: 200 })
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="20"/)
    expect(svg).toContain('aria-label="coverage: 85.5%"')
    expect(svg).toContain('#97ca00')
    expect(renderCoverageBadge('cov', { covered: 0, total: 0 })).toContain('unknown')
    expect(renderCoverageBadge('a<b', { covered: 1, total: 1 })).toContain('a&lt;b')
  })
})

describe('collectCoverage', () => {
  it('fails clearly when the reports hold no coverage data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-coverage-'))
    writeFileSync(join(dir, 'empty.info'), '')
    writeFileSync(join(dir, 'header-only.info'), 'TN:\n')
    await expect(
      collectCoverage(
        [join(dir, 'empty.info'), join(dir, 'header-only.info')],
        { workspace: dir },
        silentLogger,
      ),
    ).rejects.toThrow(
      'No coverage data in empty.info, header-only.info: the reports are empty or list no source file.',
    )
  })

  it('reads, normalises and merges reports of different formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-coverage-'))
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'src', 'a.ts'), '')
    writeFileSync(join(dir, 'lcov.info'), lcov(sf(join(dir, 'src/a.ts'), { 1: 1, 2: 0 })))
    writeFileSync(
      join(dir, 'cobertura.xml'),
      `<coverage><sources><source>${dir}</source></sources><packages><package><classes><class filename="src/a.ts"><lines><line number="2" hits="1"/><line number="3" hits="0"/></lines></class></classes></package></packages></coverage>`,
    )
    const log = createRecordingLogger()
    const result = await collectCoverage(
      [join(dir, 'lcov.info'), join(dir, 'cobertura.xml')],
      { workspace: dir },
      log,
    )
    expect([...result.files.keys()]).toEqual(['src/a.ts'])
    expect(sumTotals(result.files.values()).lines).toEqual({ covered: 2, total: 3 })
    expect(result.reports.map((r) => [r.file, r.format])).toEqual([
      ['lcov.info', 'lcov'],
      ['cobertura.xml', 'cobertura'],
    ])
    expect(percent({ covered: 2, total: 3 })).toBe(66.67)
  })
})

describe('paths relative to the report', () => {
  it('finds a path beside the report when it is no file of the workspace root', () => {
    const report = parseLcov(lcov(sf('shapes.py', { 1: 1 })), 'py/coverage.lcov')
    const exists = (p: string) => p === 'py/shapes.py'
    const result = normaliseReportPaths(report, { workspace: '/w', reportDir: 'py', exists })
    expect([...result.files.keys()]).toEqual(['py/shapes.py'])
    expect(result.unmatched).toEqual([])
  })
})

describe('package-relative paths', () => {
  it('maps a JaCoCo path to the one workspace file ending with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-coverage-'))
    mkdirSync(join(dir, 'app', 'src', 'main', 'java', 'com', 'acme'), { recursive: true })
    mkdirSync(join(dir, 'node_modules', 'com', 'acme'), { recursive: true })
    writeFileSync(join(dir, 'app', 'src', 'main', 'java', 'com', 'acme', 'App.java'), '')
    writeFileSync(join(dir, 'node_modules', 'com', 'acme', 'App.java'), '')
    writeFileSync(
      join(dir, 'jacoco.xml'),
      '<report name="x"><package name="com/acme"><sourcefile name="App.java"><line nr="3" mi="0" ci="2"/><line nr="4" mi="1" ci="0"/></sourcefile><sourcefile name="Gone.java"><line nr="1" mi="0" ci="1"/></sourcefile></package></report>',
    )
    const result = await collectCoverage([join(dir, 'jacoco.xml')], { workspace: dir }, silentLogger)
    expect([...result.files.keys()]).toEqual(['app/src/main/java/com/acme/App.java', 'com/acme/Gone.java'])
    expect(result.reports[0]).toMatchObject({ format: 'jacoco', unmatched: 1 })
  })
})
