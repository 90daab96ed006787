import { UserError } from '@pipeline-kit/common'
import type { Diagnostic, Severity } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'

const LINE = /^(?<file>[^\s:][^:]*?):(?<line>\d+):(?:(?<column>\d+):)?\s*(?<message>\S.*)$/
const SEVERITY_WORD = /^(?<severity>error|warning|warn|note|info|notice|hint|style)\s*:\s*/i
const LEADING_CODE = /^(?<rule>[A-Z][A-Z0-9]*\d+)\s+(?=\S)/
const TRAILING_CODE = /\s+[([](?<rule>[A-Za-z][\w-]*\d+)[)\]]$/
const ERROR_CODE_SUFFIX = /\s+\[(?<rule>[a-z][\w-]*)\]$/

/** Maps a severity word a tool printed to a level; undefined when it is not one. */
export function severityFromWord(word: string | undefined): Severity | undefined {
  switch (word?.toLowerCase()) {
    case 'error':
    case 'fatal':
    case 'failure':
    case 'high':
    case 'critical':
      return 'error'
    case 'warning':
    case 'warn':
    case 'medium':
      return 'warning'
    case 'note':
    case 'notice':
    case 'info':
    case 'information':
    case 'hint':
    case 'style':
    case 'low':
      return 'notice'
    default:
      return undefined
  }
}

/**
 * Reads `file:line[:col]: [severity:] [CODE] message` lines, the form flake8, pycodestyle,
 * golint, staticcheck, mypy and most compilers print. A leading `error:`/`warning:`/`note:`
 * sets the severity; a leading code (`E501 …`) or a trailing `(SA4000)`/`[arg-type]`
 * becomes the rule. Lines that do not match are counted, never guessed at.
 */
export function parseTextLines(text: string, context: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = []
  let unparsedLines = 0
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue
    const match = LINE.exec(raw)
    if (!match?.groups) {
      unparsedLines++
      continue
    }
    let message = match.groups.message!.trim()
    let severity = context.defaultSeverity ?? 'error'
    const word = SEVERITY_WORD.exec(message)
    if (word?.groups) {
      severity = severityFromWord(word.groups.severity) ?? severity
      message = message.slice(word[0].length)
    }
    let rule: string | undefined
    const leading = LEADING_CODE.exec(message)
    if (leading?.groups) {
      rule = leading.groups.rule
      message = message.slice(leading[0].length)
    } else {
      const trailing = TRAILING_CODE.exec(message) ?? ERROR_CODE_SUFFIX.exec(message)
      if (trailing?.groups) {
        rule = trailing.groups.rule
        message = message.slice(0, trailing.index).trimEnd()
      }
    }
    const line = positive(match.groups.line)
    diagnostics.push({
      tool: context.tool,
      rule,
      severity,
      file: context.toPath(match.groups.file!),
      line,
      column: line ? positive(match.groups.column) : undefined,
      message,
      fixable: false,
    })
  }
  return { diagnostics, unparsedLines, warnings: [] }
}

const TSC_LINE =
  /^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\):\s+(?<severity>error|warning|message)\s+(?<rule>TS\d+):\s*(?<message>.*)$/

/**
 * Reads TypeScript's `file(line,col): error TS1234: message` form; indented lines that
 * follow (the elaboration of a type error) are appended to the message.
 */
export function parseTscOutput(text: string, context: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = []
  let unparsedLines = 0
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue
    const match = TSC_LINE.exec(raw)
    if (match?.groups) {
      const line = positive(match.groups.line)
      diagnostics.push({
        tool: context.tool,
        rule: match.groups.rule,
        severity: severityFromWord(match.groups.severity) ?? 'notice',
        file: context.toPath(match.groups.file!),
        line,
        column: positive(match.groups.column),
        message: match.groups.message!,
        fixable: false,
      })
    } else if (/^\s/.test(raw) && diagnostics.length > 0) {
      const last = diagnostics.pop()!
      diagnostics.push({ ...last, message: `${last.message}\n${raw.trim()}` })
    } else unparsedLines++
  }
  return { diagnostics, unparsedLines, warnings: [] }
}

/**
 * Reads mypy's `file:line:col: error: message  [code]` output. A `note:` on the same
 * file and line as the finding before it is added to that finding's message (mypy's
 * elaborations); other notes become notices. The `Found N errors` summary is not a finding.
 */
export function parseMypyOutput(text: string, context: ParseContext): ParseResult {
  const lines = text.split(/\r?\n/).filter((l) => !/^(Found \d+ errors? in|Success: no issues)/.test(l))
  const parsed = parseTextLines(lines.join('\n'), { ...context, defaultSeverity: 'error' })
  const diagnostics: Diagnostic[] = []
  for (const d of parsed.diagnostics) {
    const last = diagnostics.at(-1)
    if (d.severity === 'notice' && last && last.file === d.file && last.line === d.line) {
      diagnostics[diagnostics.length - 1] = { ...last, message: `${last.message}\n${d.message}` }
    } else diagnostics.push(d)
  }
  return { ...parsed, diagnostics }
}

/** Named groups a custom regular expression must have, and those it may have. */
export const REQUIRED_GROUPS = ['file', 'line', 'message'] as const
export const OPTIONAL_GROUPS = ['column', 'endLine', 'endColumn', 'rule', 'code', 'severity'] as const

/**
 * Compiles a user's regular expression for line output; throws a UserError naming `input`
 * when it does not compile or lacks a required named group.
 */
export function compileLineRegex(source: string, input: string): RegExp {
  let regex: RegExp
  try {
    regex = new RegExp(source)
  } catch (error) {
    throw new UserError(
      `Input '${input}' has invalid value '${source}': expected a parser name or a JavaScript regular expression (${(error as Error).message})`,
    )
  }
  const names = new Set([...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!))
  const missing = REQUIRED_GROUPS.filter((g) => !names.has(g))
  if (missing.length > 0) {
    throw new UserError(
      `Input '${input}' has invalid value '${source}': the regular expression needs the named groups ${REQUIRED_GROUPS.map((g) => `(?<${g}>…)`).join(', ')} (missing ${missing.join(', ')}); optional: ${OPTIONAL_GROUPS.join(', ')}`,
    )
  }
  return regex
}

/** Applies a compiled custom regex to each output line; non-matching lines are counted. */
export function parseWithRegex(text: string, regex: RegExp, context: ParseContext): ParseResult {
  const diagnostics: Diagnostic[] = []
  let unparsedLines = 0
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim()) continue
    const g = regex.exec(raw)?.groups
    if (!g?.file || !g.message) {
      unparsedLines++
      continue
    }
    const line = positive(g.line)
    diagnostics.push({
      tool: context.tool,
      rule: g.rule ?? g.code,
      severity: severityFromWord(g.severity) ?? context.defaultSeverity ?? 'error',
      file: context.toPath(g.file),
      line,
      column: line ? positive(g.column) : undefined,
      endLine: line ? positive(g.endLine) : undefined,
      endColumn: line ? positive(g.endColumn) : undefined,
      message: g.message.trim(),
      fixable: false,
    })
  }
  return { diagnostics, unparsedLines, warnings: [] }
}
