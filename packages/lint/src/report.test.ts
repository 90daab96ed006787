import { describe, expect, it } from 'vitest'
import type { Diagnostic, ToolResult } from './model'
import { buildReport, countAtOrAbove, failureReasons, isOnChangedLine } from './report'
import { parseSarif } from './parsers'
import { plainPaths } from './paths'
import { renderSarif } from './sarif-writer'
import { renderCheckRun, renderLintSummary, toAnnotation, toCheckRunAnnotation } from './summary'

const d = (
  tool: string,
  file: string | undefined,
  line: number | undefined,
  severity: Diagnostic['severity'] = 'error',
  extra: Partial<Diagnostic> = {},
): Diagnostic => ({
  tool,
  severity,
  file,
  line,
  message: `${tool} says so`,
  fixable: false,
  ...extra,
})
const ok = (tool: string, diagnostics: Diagnostic[]): ToolResult => ({
  tool,
  status: 'ok',
  command: tool,
  durationMs: 12.4,
  diagnostics,
})

const results: ToolResult[] = [
  ok('flake8', [
    d('flake8', 'b.py', 8, 'error', { rule: 'E203', column: 20 }),
    d('flake8', 'a.py', 2, 'error', { rule: 'F401' }),
    d('flake8', 'old.py', 1),
  ]),
  ok('black', [d('black', 'b.py', 8, 'error', { endLine: 10, fixable: true })]),
  ok('prettier', [d('prettier', 'a.py', undefined, 'warning')]),
  ok('mypy', []),
]
const changed = new Map([
  ['a.py', [{ start: 2, end: 2 }]],
  ['b.py', [{ start: 10, end: 12 }]],
])

describe('buildReport', () => {
  it('sorts, counts per severity and tool, and groups lines several tools flagged', () => {
    const report = buildReport(results)
    expect(report.diagnostics.map((x) => `${x.file}:${x.line ?? ''} ${x.tool}`)).toEqual([
      'a.py: prettier',
      'a.py:2 flake8',
      'b.py:8 black',
      'b.py:8 flake8',
      'old.py:1 flake8',
    ])
    expect(report.counts).toEqual({ error: 4, warning: 1, notice: 0, total: 5 })
    expect(report.byTool).toEqual({
      flake8: { error: 3, warning: 0, notice: 0 },
      black: { error: 1, warning: 0, notice: 0 },
      prettier: { error: 0, warning: 1, notice: 0 },
      mypy: { error: 0, warning: 0, notice: 0 },
    })
    expect(report.groups).toEqual([{ key: 'b.py:8', tools: ['black', 'flake8'], count: 2 }])
    expect(report.diagnostics.filter((x) => x.group === 'b.py:8')).toHaveLength(2)
  })

  it('keeps findings on changed lines (overlapping ranges count) or in changed files', () => {
    const lines = buildReport(results, { onlyChanged: 'lines', changed })
    // black's 8-10 overlaps the changed 10-12; flake8's line 8 does not; a.py's file-level finding is kept.
    expect(lines.diagnostics.map((x) => `${x.file}:${x.line ?? ''} ${x.tool}`)).toEqual([
      'a.py: prettier',
      'a.py:2 flake8',
      'b.py:8 black',
    ])
    expect(lines.filteredOut).toBe(2)
    expect(lines.tools.find((t) => t.tool === 'flake8')).toMatchObject({
      filteredOut: 2,
      counts: { error: 1 },
    })
    const files = buildReport(results, { onlyChanged: 'files', changed })
    expect(files.diagnostics).toHaveLength(4)
    expect(isOnChangedLine(d('x', undefined, 1), changed, 'files')).toBe(false)
  })

  it('fails on the fail level, and always on missing or crashed tools', () => {
    const report = buildReport([
      ...results,
      {
        tool: 'ruff',
        status: 'missing',
        command: 'ruff',
        durationMs: 0,
        diagnostics: [],
        problem: 'ruff is not installed',
      },
    ])
    expect(countAtOrAbove(report, 'warning')).toBe(5)
    expect(countAtOrAbove(report, 'none')).toBe(0)
    expect(failureReasons(report, 'error')).toEqual([
      'ruff is not installed',
      'Lint found 4 errors (fail-level: error)',
    ])
    expect(failureReasons(report, 'none')).toEqual(['ruff is not installed'])
    expect(failureReasons(buildReport([ok('a', [d('a', 'x', 1, 'warning')])]), 'error')).toEqual([])
    expect(failureReasons(buildReport([ok('a', [d('a', 'x', 1, 'warning')])]), 'warning')).toEqual([
      'Lint found 1 error or warning (fail-level: warning)',
    ])
  })
})

describe('renderSarif', () => {
  it('round-trips through the SARIF reader: one run per tool, same findings', () => {
    const report = buildReport(results)
    const sarif = renderSarif(report) as {
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } }
        automationDetails: { id: string }
      }[]
    }
    expect(sarif.runs.map((r) => r.tool.driver.name)).toEqual(['flake8', 'black', 'prettier', 'mypy'])
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['F401', 'E203', 'flake8'])
    expect(new Set(sarif.runs.map((r) => r.automationDetails.id)).size).toBe(4)
    const back = parseSarif(JSON.stringify(sarif), {
      tool: 'x',
      toPath: plainPaths,
      toolFromReport: true,
    }).diagnostics
    const strip = (x: Diagnostic) => [x.tool, x.file, x.line, x.column, x.severity, x.message]
    expect(back.map(strip).sort()).toEqual(report.diagnostics.map(strip).sort())
  })

  it('never writes an end column before the start column', () => {
    const report = buildReport([ok('t', [d('t', 'a', 3, 'notice', { column: 9, endLine: 3, endColumn: 2 })])])
    const sarif = renderSarif(report) as {
      runs: { results: { level: string; locations: { physicalLocation: { region: object } }[] }[] }[]
    }
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 3,
      startColumn: 9,
      endLine: 3,
    })
    expect(sarif.runs[0]!.results[0]!.level).toBe('note')
  })

  it('locates relative files against %SRCROOT%, absolute ones by file URI, and file-less findings nowhere', () => {
    const report = buildReport([
      ok('t', [
        d('t', 'src/a b.ts', 2, 'error', { column: 1, endLine: 4, endColumn: 3, fixable: true }),
        d('t', '/opt/tool/x.py', undefined, 'warning'),
        d('t', undefined, undefined, 'notice'),
      ]),
    ])
    const sarif = renderSarif(report) as { runs: { results: object[] }[] }
    expect(sarif.runs[0]!.results).toEqual([
      { ruleId: 't', ruleIndex: 0, level: 'note', message: { text: 't says so' } },
      {
        ruleId: 't',
        ruleIndex: 0,
        level: 'warning',
        message: { text: 't says so' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///opt/tool/x.py' } } }],
      },
      {
        ruleId: 't',
        ruleIndex: 0,
        level: 'error',
        message: { text: 't says so' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 2, startColumn: 1, endLine: 4, endColumn: 3 },
            },
          },
        ],
        properties: { fixable: true },
      },
    ])
  })
})

describe('summary and annotations', () => {
  it('renders the verdict, a row per tool, top findings and the groups', () => {
    const report = buildReport(results)
    const md = renderLintSummary(report, {
      failLevel: 'error',
      failed: true,
      topPerTool: 1,
      patchPath: '/tmp/p.patch',
    })
    expect(md).toContain('## Lint: ❌ failed')
    expect(md).toContain('4 errors, 1 warning, 0 notices from 4 tools (fail-level: error).')
    expect(md).toContain('| flake8 | ✅ ran | 3 | 0 | 0 | 12ms |')
    expect(md).toContain('… and 2 more in the JSON report.')
    expect(md).toContain('`b.py:8` (black, flake8)')
    expect(md).toContain('fixes as a patch: `/tmp/p.patch`')
  })

  it('maps findings to workflow and check-run annotations', () => {
    expect(
      toAnnotation(d('eslint', 'a.js', 3, 'warning', { rule: 'eqeqeq', column: 4, endColumn: 6 })),
    ).toEqual({
      level: 'warning',
      message: 'eslint says so',
      title: 'eslint eqeqeq',
      file: 'a.js',
      line: 3,
      endLine: undefined,
      column: 4,
      endColumn: 6,
    })
    expect(
      toCheckRunAnnotation({ ...d('black', 'b.py', 8, 'error', { endLine: 10, column: 2 }), file: 'b.py' }),
    ).toEqual({
      path: 'b.py',
      start_line: 8,
      end_line: 10,
      annotation_level: 'failure',
      message: 'black says so',
      title: 'black',
    })
    expect(
      toCheckRunAnnotation({ ...d('prettier', 'a.py', undefined, 'notice'), file: 'a.py' }),
    ).toMatchObject({
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
    })
    const content = renderCheckRun(buildReport(results), {
      failLevel: 'error',
      failed: true,
      maxAnnotations: 50,
    })
    expect(content.conclusion).toBe('failure')
    expect(content.title).toBe('4 errors, 1 warning, 0 notices')
    expect(content.annotations.map((a) => a.annotation_level)).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'warning',
    ])
  })
})
