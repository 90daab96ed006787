import type { LintReport } from './report'
import type { Severity } from './model'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  notice: 'note',
}

const INFORMATION_URI: Record<string, string> = {
  eslint: 'https://eslint.org',
  prettier: 'https://prettier.io',
  biome: 'https://biomejs.dev',
  ruff: 'https://docs.astral.sh/ruff/',
  flake8: 'https://flake8.pycqa.org',
  black: 'https://black.readthedocs.io',
  isort: 'https://pycqa.github.io/isort/',
  mypy: 'https://mypy-lang.org',
  bandit: 'https://bandit.readthedocs.io',
  shellcheck: 'https://www.shellcheck.net',
}

/** Encodes a repository-relative path as a SARIF relative URI reference. */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/**
 * The report as one SARIF 2.1.0 log with a run per tool (as github/codeql-action/upload-sarif
 * expects: relative URIs against %SRCROOT%, rules with ids, a region for every line-level
 * finding, and a distinct automationDetails id per tool so uploads do not replace each other).
 */
export function renderSarif(report: LintReport): object {
  // One run per tool, in the order the tools ran; SARIF-ingested tools after them.
  const byTool = new Map<string, Diagnostic[]>()
  for (const t of report.tools) if (t.tool !== 'sarif') byTool.set(t.tool, [])
  for (const d of report.diagnostics) {
    let list = byTool.get(d.tool)
    if (!list) byTool.set(d.tool, (list = []))
    list.push(d)
  }
  const runs = [...byTool].map(([tool, diagnostics]) => {
    const ruleIndex = new Map<string, number>()
    const rules: object[] = []
    for (const d of diagnostics) {
      const id = d.rule ?? tool
      if (ruleIndex.has(id)) continue
      ruleIndex.set(id, rules.length)
      rules.push({ id, ...(d.url ? { helpUri: d.url } : {}) })
    }
    const results = diagnostics.map((d) => {
      const id = d.rule ?? tool
      return {
        ruleId: id,
        ruleIndex: ruleIndex.get(id)!,
        level: LEVEL[d.severity],
        message: { text: d.message || id },
        ...resultLocations(d),
        ...(d.fixable ? { properties: { fixable: true } } : {}),
      }
    })
    return {
      tool: {
        driver: {
          name: tool,
          ...(INFORMATION_URI[tool] ? { informationUri: INFORMATION_URI[tool] } : {}),
          rules,
        },
      },
      automationDetails: { id: `pipeline-kit-lint/${tool}/` },
      columnKind: 'utf16CodeUnits',
      results,
    }
  })
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs,
  }
}

type Diagnostic = LintReport['diagnostics'][number]

/** Where a finding is: none for a finding without a file (a tool-level problem). */
function resultLocations(d: Diagnostic): { locations?: object[] } {
  if (!d.file) return {}
  const region = lineRegion(d)
  return {
    locations: [
      { physicalLocation: { artifactLocation: artifactLocation(d.file), ...(region ? { region } : {}) } },
    ],
  }
}

/** A relative path against %SRCROOT% (what code scanning maps onto the repository); an absolute one as a file URI. */
function artifactLocation(file: string): object {
  return file.startsWith('/')
    ? { uri: `file://${toUri(file)}` }
    : { uri: toUri(file), uriBaseId: '%SRCROOT%' }
}

/** The lines and columns a finding covers; none for a file-level finding. */
function lineRegion(d: Diagnostic): object | undefined {
  if (d.line === undefined) return undefined
  return {
    startLine: d.line,
    ...(d.column !== undefined ? { startColumn: d.column } : {}),
    ...(d.endLine !== undefined && d.endLine >= d.line ? { endLine: d.endLine } : {}),
    ...(endColumnFits(d) ? { endColumn: d.endColumn } : {}),
  }
}

/** An end column only when it ends after the start (on a later line, or further right). */
function endColumnFits(d: { line?: number; column?: number; endLine?: number; endColumn?: number }): boolean {
  if (d.endColumn === undefined || d.line === undefined) return false
  const endLine = d.endLine ?? d.line
  if (endLine > d.line) return true
  return endLine === d.line && (d.column === undefined || d.endColumn > d.column)
}
