import { UserError } from '@pipeline-kit/common'
import type { Diagnostic, Severity } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'
import { severityFromWord } from './text'

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(`${what} output is not valid JSON: ${(error as Error).message}`)
  }
}

interface ShellcheckComment {
  file?: string
  line?: number
  endLine?: number
  column?: number
  endColumn?: number
  level?: string
  code?: number
  message?: string
  fix?: unknown
}

/** Reads `shellcheck -f json1` ({comments: [...]}; plain `json` arrays are accepted too). */
export function parseShellcheckJson(text: string, context: ParseContext): ParseResult {
  const data = parseJson(text, 'shellcheck')
  const comments = Array.isArray(data) ? data : (data as { comments?: unknown } | null)?.comments
  if (!Array.isArray(comments))
    throw new UserError('shellcheck output is not json1: expected {"comments": [...]}')
  const diagnostics = (comments as ShellcheckComment[]).map((c): Diagnostic => {
    const line = positive(c.line)
    const level = c.level === 'error' ? 'error' : c.level === 'warning' ? 'warning' : 'notice'
    return {
      tool: context.tool,
      rule: c.code !== undefined ? `SC${c.code}` : undefined,
      severity: level,
      file: c.file ? context.toPath(c.file) : undefined,
      line,
      column: line ? positive(c.column) : undefined,
      endLine: line ? positive(c.endLine) : undefined,
      endColumn: line ? positive(c.endColumn) : undefined,
      message: String(c.message ?? ''),
      fixable: c.fix !== undefined && c.fix !== null,
      url: c.code !== undefined ? `https://www.shellcheck.net/wiki/SC${c.code}` : undefined,
    }
  })
  return { diagnostics, unparsedLines: 0, warnings: [] }
}

interface BanditResult {
  filename?: string
  line_number?: number
  line_range?: number[]
  col_offset?: number
  end_col_offset?: number
  issue_severity?: string
  issue_confidence?: string
  issue_text?: string
  test_id?: string
  test_name?: string
  more_info?: string
}

/**
 * Reads `bandit -f json`: HIGH severity is an error, MEDIUM a warning, LOW a notice; the
 * confidence is kept in the message. Files bandit could not scan (`errors`) are errors.
 */
export function parseBanditJson(text: string, context: ParseContext): ParseResult {
  const data = parseJson(text, 'bandit') as { results?: unknown; errors?: unknown } | null
  if (!data || !Array.isArray(data.results))
    throw new UserError('bandit output is not bandit JSON: expected {"results": [...]}')
  const diagnostics: Diagnostic[] = (data.results as BanditResult[]).map((r) => {
    const line = positive(r.line_number)
    const lastLine = r.line_range?.at(-1)
    const column = typeof r.col_offset === 'number' ? r.col_offset + 1 : undefined
    return {
      tool: context.tool,
      rule: r.test_id,
      severity: severityFromWord(r.issue_severity) ?? 'warning',
      file: r.filename ? context.toPath(r.filename) : undefined,
      line,
      column: line ? positive(column) : undefined,
      endLine: line && lastLine && lastLine > line ? lastLine : undefined,
      message: `${r.issue_text ?? ''}${r.issue_confidence ? ` (confidence: ${r.issue_confidence.toLowerCase()})` : ''}`,
      fixable: false,
      url: r.more_info,
    }
  })
  for (const e of Array.isArray(data.errors)
    ? (data.errors as { filename?: string; reason?: string }[])
    : []) {
    diagnostics.push({
      tool: context.tool,
      rule: 'scan-error',
      severity: 'error',
      file: e.filename ? context.toPath(e.filename) : undefined,
      message: `bandit could not scan this file: ${e.reason ?? 'unknown reason'}`,
      fixable: false,
    })
  }
  return { diagnostics, unparsedLines: 0, warnings: [] }
}

interface RuffFinding {
  code?: string | null
  message?: string
  filename?: string
  location?: { row?: number; column?: number }
  end_location?: { row?: number; column?: number }
  fix?: unknown
  url?: string | null
}

/** Reads `ruff check --output-format=json`: every finding is an error (ruff has no levels). */
export function parseRuffJson(text: string, context: ParseContext): ParseResult {
  const data = parseJson(text, 'ruff')
  if (!Array.isArray(data)) throw new UserError('ruff output is not ruff JSON: expected an array of findings')
  const diagnostics = (data as RuffFinding[]).map((f): Diagnostic => {
    const line = positive(f.location?.row)
    const severity: Severity = 'error'
    return {
      tool: context.tool,
      rule: f.code ?? undefined,
      severity,
      file: f.filename ? context.toPath(f.filename) : undefined,
      line,
      column: line ? positive(f.location?.column) : undefined,
      endLine: line ? positive(f.end_location?.row) : undefined,
      endColumn: line ? positive(f.end_location?.column) : undefined,
      message: String(f.message ?? ''),
      fixable: f.fix !== undefined && f.fix !== null,
      url: f.url ?? undefined,
    }
  })
  return { diagnostics, unparsedLines: 0, warnings: [] }
}
