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
  const byTool = new Map<string, LintReport['diagnostics'][number][]>()
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
      const region =
        d.line !== undefined
          ? {
              startLine: d.line,
              ...(d.column !== undefined ? { startColumn: d.column } : {}),
              ...(d.endLine !== undefined && d.endLine >= d.line ? { endLine: d.endLine } : {}),
              ...(endColumnFits(d) ? { endColumn: d.endColumn } : {}),
            }
          : undefined
      return {
        ruleId: id,
        ruleIndex: ruleIndex.get(id)!,
        level: LEVEL[d.severity],
        message: { text: d.message || id },
        ...(d.file && !d.file.startsWith('/')
          ? {
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: toUri(d.file), uriBaseId: '%SRCROOT%' },
                    ...(region ? { region } : {}),
                  },
                },
              ],
            }
          : d.file
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: `file://${toUri(d.file)}` },
                      ...(region ? { region } : {}),
                    },
                  },
                ],
              }
            : {}),
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

/** An end column only when it ends after the start (on a later line, or further right). */
function endColumnFits(d: { line?: number; column?: number; endLine?: number; endColumn?: number }): boolean {
  if (d.endColumn === undefined || d.line === undefined) return false
  const endLine = d.endLine ?? d.line
  if (endLine > d.line) return true
  return endLine === d.line && (d.column === undefined || d.endColumn > d.column)
}
