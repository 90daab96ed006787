import { UserError } from '@pipeline-kit/common'
import type { Diagnostic, Severity } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'

interface EslintMessage {
  ruleId?: string | null
  severity?: number
  message?: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  fatal?: boolean
  fix?: unknown
}

interface EslintFileResult {
  filePath?: string
  messages?: EslintMessage[]
}

/**
 * Reads ESLint's `--format json` output (an array of file results). Severity 2 and fatal
 * parse errors are errors, 1 warnings; a message with a `fix` is fixable. Empty text is an
 * empty report (ESLint linted nothing).
 */
export function parseEslintJson(text: string, context: ParseContext, source = 'ESLint output'): ParseResult {
  if (text.trim() === '') return { diagnostics: [], unparsedLines: 0, warnings: [] }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`)
  }
  if (!Array.isArray(data)) {
    throw new UserError(`${source} is not ESLint JSON: expected an array of file results`)
  }
  const diagnostics: Diagnostic[] = []
  for (const file of data as EslintFileResult[]) {
    if (!file || typeof file !== 'object' || !Array.isArray(file.messages)) {
      throw new UserError(`${source} is not ESLint JSON: a file result has no messages array`)
    }
    const path =
      typeof file.filePath === 'string' && file.filePath ? context.toPath(file.filePath) : undefined
    for (const m of file.messages) {
      const severity: Severity =
        m.fatal || m.severity === 2 ? 'error' : m.severity === 1 ? 'warning' : 'notice'
      const line = positive(m.line)
      diagnostics.push({
        tool: context.tool,
        rule: m.ruleId ?? undefined,
        severity,
        file: path,
        line,
        column: line ? positive(m.column) : undefined,
        endLine: line ? positive(m.endLine) : undefined,
        endColumn: line ? positive(m.endColumn) : undefined,
        message: String(m.message ?? ''),
        fixable: m.fix !== undefined && m.fix !== null,
        url:
          m.ruleId && !m.ruleId.includes('/')
            ? `https://eslint.org/docs/latest/rules/${m.ruleId}`
            : undefined,
      })
    }
  }
  return { diagnostics, unparsedLines: 0, warnings: [] }
}
