import type { Diagnostic } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/

/**
 * Reads the unified diff a formatter prints in check mode (`black --check --diff`,
 * `isort --check-only --diff`): one finding per hunk, on the original lines that would
 * change, named after the file in the `---` header (without black's timestamp or isort's
 * `:before`). Every finding is fixable by running the formatter.
 */
export function parseFormatterDiff(text: string, context: ParseContext, formatter: string): ParseResult {
  const diagnostics: Diagnostic[] = []
  let file: string | undefined
  let oldLine = 0
  let first: number | undefined
  let last: number | undefined
  const flush = () => {
    if (file && first !== undefined) {
      const end = last ?? first
      diagnostics.push({
        tool: context.tool,
        severity: context.defaultSeverity ?? 'error',
        file,
        line: first,
        endLine: end > first ? end : undefined,
        message:
          end > first
            ? `${formatter} would reformat lines ${first}-${end}`
            : `${formatter} would reformat line ${first}`,
        fixable: true,
      })
    }
    first = undefined
    last = undefined
  }
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('--- ')) {
      flush()
      file = context.toPath(
        raw
          .slice(4)
          .split('\t')[0]!
          .replace(/:before$/, '')
          .replace(/^a\//, ''),
      )
      continue
    }
    if (raw.startsWith('+++ ')) continue
    const hunk = HUNK.exec(raw)
    if (hunk) {
      flush()
      oldLine = Number(hunk[1])
      // A pure insertion (-n,0) sits after line n.
      if (hunk[2] === '0') oldLine++
      continue
    }
    if (!file || oldLine === 0) continue
    if (raw.startsWith('-')) {
      first ??= oldLine
      last = oldLine
      oldLine++
    } else if (raw.startsWith('+')) {
      first ??= Math.max(1, oldLine)
      last ??= first
    } else if (raw.startsWith(' ') || raw === '') oldLine++
  }
  flush()
  return { diagnostics, unparsedLines: 0, warnings: [] }
}

// `[error] path: SyntaxError: … (line:col)`, not the code-frame lines (`[error]   1 | …`) after it.
const PRETTIER_ERROR =
  /^\[error\]\s+(?![>\d\s|])(?<file>[^:|]+?):\s+(?<message>\S.*?)(?:\s+\((?<line>\d+):(?<column>\d+)\))?$/

/**
 * Reads `prettier --list-different` (one unformatted file per stdout line) and the
 * `[error] file: SyntaxError: … (line:col)` lines it writes to stderr for files it cannot parse.
 */
export function parsePrettierOutput(stdout: string, stderr: string, context: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = []
  for (const raw of stdout.split(/\r?\n/)) {
    const path = raw.trim()
    if (!path || path.startsWith('[')) continue
    diagnostics.push({
      tool: context.tool,
      severity: context.defaultSeverity ?? 'error',
      file: context.toPath(path),
      message: 'prettier would reformat this file',
      fixable: true,
    })
  }
  for (const raw of stderr.split(/\r?\n/)) {
    const g = PRETTIER_ERROR.exec(raw.trimEnd())?.groups
    if (!g || /^\[error\]\s+(No (supported )?files|Invalid|Cannot find)/.test(raw.trim())) continue
    const line = positive(g.line)
    diagnostics.push({
      tool: context.tool,
      rule: 'syntax-error',
      severity: 'error',
      file: context.toPath(g.file!),
      line,
      column: line ? positive(g.column) : undefined,
      message: g.message!,
      fixable: false,
    })
  }
  return { diagnostics, unparsedLines: 0, warnings: [] }
}
