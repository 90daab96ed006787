import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../model'
import { plainPaths } from '../paths'
import { parseCheckstyleFile } from './checkstyle'
import { parseEslintJson } from './eslint-json'
import { parseSarif } from './sarif'
import { parseTextLines, parseTscOutput } from './text'

const fixtures = join(import.meta.dirname, '../../../../test/fixtures/reports')

interface ManifestEntry {
  file: string
  format: string
  peer: Record<string, unknown> | null
  count: Record<string, any>
  dialect: string | null
}
const manifest = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8')) as {
  files: ManifestEntry[]
}
const entries = (format: string) => manifest.files.filter((f) => f.format === format)
const context = { tool: 'fixture', toPath: plainPaths }
const bySeverity = (ds: readonly Diagnostic[]) => {
  const counts: Record<string, number> = {}
  for (const d of ds) counts[d.severity] = (counts[d.severity] ?? 0) + 1
  return counts
}

describe('ESLint JSON fixtures (manifest counts)', () => {
  it.each(entries('eslint-json').map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const parsed = parseEslintJson(readFileSync(join(fixtures, file), 'utf8'), context, file)
    if (entry.count.empty_file) {
      expect(parsed.diagnostics).toEqual([])
      return
    }
    expect(parsed.diagnostics).toHaveLength(entry.count.messages)
    const counts = bySeverity(parsed.diagnostics)
    expect(counts.error ?? 0).toBe(entry.count.errorCount + entry.count.fatalErrorCount)
    expect(counts.warning ?? 0).toBe(entry.count.warningCount)
    expect(counts.error ?? 0).toBe(entry.peer?.errorCount ?? counts.error ?? 0)
  })

  it('keeps rule, position, end and fixability', () => {
    const file = 'eslint-json/ataylorme-eslint-annotate-action/eslintReport-1-error.json'
    const [first, second] = parseEslintJson(readFileSync(join(fixtures, file), 'utf8'), context).diagnostics
    expect(first).toEqual({
      tool: 'fixture',
      rule: 'indent',
      severity: 'error',
      file: 'src/form-validation/FormValidatorStrategyFactory.ts',
      line: 18,
      column: 1,
      endLine: 18,
      endColumn: 5,
      message: 'Expected indentation of 6 spaces but found 4.',
      fixable: true,
      url: 'https://eslint.org/docs/latest/rules/indent',
    })
    expect(second).toMatchObject({ rule: 'no-unexpected-multiline', fixable: false, endLine: undefined })
  })
})

describe('SARIF fixtures (manifest counts)', () => {
  it.each(entries('sarif').map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const parsed = parseSarif(
      readFileSync(join(fixtures, file), 'utf8'),
      { ...context, toolFromReport: true },
      file,
    )
    expect(parsed.diagnostics).toHaveLength(entry.count.results)
    const levels = entry.count.results_by_level as Record<string, number>
    const counts = bySeverity(parsed.diagnostics)
    // An unset level is the rule's default or, without one, `warning` (SARIF 2.1.0 §3.27.10).
    expect(counts.error ?? 0).toBe(levels.error ?? 0)
    expect((counts.warning ?? 0) + (counts.notice ?? 0)).toBe(
      (levels.warning ?? 0) + (levels.note ?? 0) + (levels.none ?? 0) + (levels['(unset)'] ?? 0),
    )
    expect(parsed.warnings).toEqual([])
  })

  it('resolves artifact indexes, regions, unset levels and the tool name', () => {
    const file = 'sarif/microsoft-sarif-sdk/MSBuild__SomeErrors.txt.sarif'
    const ds = parseSarif(readFileSync(join(fixtures, file), 'utf8'), {
      ...context,
      toolFromReport: true,
    }).diagnostics
    expect(
      ds.map((d) => [d.tool, d.rule, d.severity, d.file, d.line, d.column, d.endLine, d.endColumn]),
    ).toEqual([
      ['MSBuild', 'CS1026', 'error', 'VisualStudioBuildLogConverterTests.cs', 30, 35, undefined, undefined],
      ['MSBuild', 'CS1002', 'error', 'VisualStudioBuildLogConverterTests.cs', 36, 38, undefined, undefined],
      ['MSBuild', 'CS1111', 'notice', 'StartLineOnlyRegion.cs', 83, undefined, undefined, undefined],
      ['MSBuild', 'CS2222', 'warning', 'StartLineEndLineRegion.cs', 42, undefined, 54, undefined],
      ['MSBuild', 'CS3333', 'warning', 'StartLineStartColumnEndColumnRegion.cs', 17, 42, undefined, 54],
      ['MSBuild', 'CS4444', 'error', 'StartLineStartColumnEndLineEndColumnRegion.cs', 12, 26, 14, 36],
      ['MSBuild', 'LNK1104', 'error', undefined, undefined, undefined, undefined, undefined],
    ])
  })

  it('rejects what is not SARIF with a clear message', () => {
    expect(() => parseSarif('', context, 'x.sarif')).toThrow(
      'x.sarif is empty: expected a SARIF 2.1.0 JSON log',
    )
    expect(() => parseSarif('{"version":"2.1.0"}', context, 'x.sarif')).toThrow(
      'x.sarif is not a SARIF log: expected an object with a "runs" array',
    )
    expect(() => parseSarif('{oops', context, 'x.sarif')).toThrow(/^x.sarif is not valid JSON/)
  })
})

describe('checkstyle fixtures (manifest counts)', () => {
  it.each(entries('checkstyle').map((e) => [e.file, e] as const))('%s', async (file, entry) => {
    const parsed = await parseCheckstyleFile(join(fixtures, file), context)
    expect(parsed.diagnostics).toHaveLength(entry.count.errors)
    const counts = bySeverity(parsed.diagnostics)
    const peer = entry.peer as { error?: number; warning?: number; notice?: number; annotations: number }
    expect(parsed.diagnostics).toHaveLength(peer.annotations)
    expect(counts.error ?? 0).toBe(peer.error ?? 0)
    expect(counts.warning ?? 0).toBe(peer.warning ?? 0)
    expect(counts.notice ?? 0).toBe(peer.notice ?? 0)
    expect(new Set(parsed.diagnostics.map((d) => d.file)).size).toBe(entry.count.files)
  })

  it.each(entries('checkstyle-invalid').map((e) => [e.file] as const))(
    '%s fails with a clear error',
    async (file) => {
      await expect(parseCheckstyleFile(join(fixtures, file), context)).rejects.toThrow(
        new RegExp(`${file.split('/').pop()!.replace('.', '\\.')}(:\\d+:\\d+)?: `),
      )
    },
  )

  it('reads file-level errors, sources and Windows paths', async () => {
    const mixed = await parseCheckstyleFile(
      join(fixtures, 'checkstyle/staabm-annotate-pull-request-from-checkstyle/mixed-source-attributes.xml'),
      context,
    )
    expect(mixed.diagnostics[0]).toMatchObject({
      rule: 'PhanUndeclaredMethod',
      line: 13,
      column: undefined,
      file: 'test/phpunit/Traits/BuildingPermissionIdAwareTraitTest.php',
    })
    const minimal = await parseCheckstyleFile(
      join(fixtures, 'checkstyle/staabm-annotate-pull-request-from-checkstyle/minimal.xml'),
      context,
    )
    expect(minimal.diagnostics.map((d) => [d.file, d.line])).toEqual([
      ['redaxo/src/addons/2factor_auth/boot.php', 6],
      ['redaxo/src/addons/2factor_auth/boot.php', 9],
      ['redaxo/src/addons/2factor_auth/lib/one_time_password.php', undefined],
    ])
  })
})

describe('text fixtures (manifest counts)', () => {
  it.each(entries('text').map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const text = readFileSync(join(fixtures, file), 'utf8')
    const peer = (entry.peer as { diagnostics: number }).diagnostics
    if (entry.dialect?.startsWith('tsc')) {
      // The peer's count is the lines of its golden file, where TS2345's elaboration is the
      // second line of the same entry: 3 findings, one with a two-line message.
      const parsed = parseTscOutput(text, context)
      expect(parsed.diagnostics).toHaveLength(3)
      expect(parsed.diagnostics.reduce((n, d) => n + d.message.split('\n').length, 0)).toBe(peer)
      expect(parsed.unparsedLines).toBe(0)
    } else {
      const parsed = parseTextLines(text, context)
      expect(parsed.diagnostics).toHaveLength(peer)
      expect(parsed.diagnostics).toHaveLength(entry.count.file_line_col_matches)
      expect(parsed.diagnostics.filter((d) => d.column !== undefined)).toHaveLength(entry.count.with_column)
      expect(parsed.unparsedLines).toBe(entry.count.lines - entry.count.file_line_col_matches)
    }
  })

  it('splits flake8 codes, staticcheck codes and tsc continuation lines', () => {
    const flake8 = parseTextLines(
      readFileSync(join(fixtures, 'text/haya14busa-errorformat/flake8.txt'), 'utf8'),
      context,
    )
    expect(flake8.diagnostics[0]).toEqual({
      tool: 'fixture',
      rule: 'F401',
      severity: 'error',
      file: 'num_guess.py',
      line: 4,
      column: 1,
      message: "'sys' imported but unused",
      fixable: false,
    })
    const staticcheck = parseTextLines(
      readFileSync(join(fixtures, 'text/haya14busa-errorformat/staticcheck.txt'), 'utf8'),
      context,
    )
    expect(staticcheck.diagnostics[0]).toMatchObject({ rule: 'SA9003', message: 'empty branch' })
    const tsc = parseTscOutput(
      readFileSync(join(fixtures, 'text/haya14busa-errorformat/tsc.txt'), 'utf8'),
      context,
    )
    expect(tsc.diagnostics[1]).toMatchObject({
      rule: 'TS2345',
      line: 5,
      column: 12,
      message: expect.stringContaining("\nType 'boolean' is not assignable to type 'string'."),
    })
  })
})
