import type { Diagnostic, Severity } from '../model'
import type { PathNormaliser } from '../paths'

/** What a parser needs besides the text: whose output it is and how to read its paths. */
export interface ParseContext {
  readonly tool: string
  readonly toPath: PathNormaliser
  /** Severity for formats that carry none (plain text without an `error:` word). */
  readonly defaultSeverity?: Severity
  /** Name findings after the tool the report names (SARIF driver) instead of context.tool. */
  readonly toolFromReport?: boolean
}

export interface ParseResult {
  readonly diagnostics: Diagnostic[]
  /** Non-empty lines that matched no rule of a line-based format. */
  readonly unparsedLines: number
  /** Recoverable defects found while reading (file:line:col: reason). */
  readonly warnings: readonly string[]
}

/** A positive whole number, or undefined for anything else (0, NaN, negative, missing). */
export function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}
