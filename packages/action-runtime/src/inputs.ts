import { redactUrl, UserError } from '@pipeline-kit/common'
import type { SecretInputs } from './secret-inputs'

/** Reads one raw input by its action.yml name; '' when unset (as @actions/core does). */
export type ReadInput = (name: string) => string

/** What an action's parseInputs reads from: the runtime's `gh.input`, or a plain reader (tests). */
export type InputSource = Inputs | ReadInput

/** The source as Inputs: `gh.input` itself, or a reader wrapped with the action's secret inputs. */
export function inputsFrom(source: InputSource, secrets: SecretInputs = {}): Inputs {
  return source instanceof Inputs ? source : new Inputs(source, secrets)
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export interface RangeOptions {
  readonly min?: number
  readonly max?: number
}

/**
 * Typed, validated access to action inputs. Every bad value throws a UserError naming the
 * input, the value and what was expected; a bad line of a secret-bearing input (`secrets`)
 * is named by its number instead. Pure: it only calls the given reader.
 */
export class Inputs {
  readonly names = new Set<string>()
  constructor(
    private readonly read: ReadInput,
    private readonly secrets: SecretInputs = {},
  ) {}

  private raw(name: string): string {
    this.names.add(name)
    return this.read(name).trim()
  }

  /** The trimmed value, or undefined when empty. */
  optional(name: string): string | undefined {
    return this.raw(name) || undefined
  }

  /** The trimmed value; empty is an error. */
  required(name: string): string {
    const value = this.raw(name)
    if (!value) throw new UserError(`Input '${name}' is required but was empty`)
    return value
  }

  /** The trimmed value, or fallback when empty. */
  string(name: string, fallback = ''): string {
    return this.raw(name) || fallback
  }

  /** A boolean per the YAML 1.2 core schema (true/True/TRUE, false/False/FALSE). */
  boolean(name: string, fallback = false): boolean {
    const value = this.raw(name)
    if (!value) return fallback
    if (TRUE_WORDS.includes(value)) return true
    if (FALSE_WORDS.includes(value)) return false
    throw invalid(name, value, 'true or false')
  }

  /** A whole number within the range. */
  integer(name: string, fallback: number | undefined, range: RangeOptions = {}): number {
    const value = this.raw(name)
    if (!value) return required(name, fallback)
    if (!/^[+-]?\d+$/.test(value)) throw invalid(name, value, `a whole number${describeRange(range)}`)
    return checkRange(name, value, Number(value), range, String)
  }

  /** A decimal number within the range (e.g. a percentage). */
  number(name: string, fallback: number | undefined, range: RangeOptions = {}): number {
    const value = this.raw(name)
    if (!value) return required(name, fallback)
    const parsed = Number(value)
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) || !Number.isFinite(parsed)) {
      throw invalid(name, value, `a number${describeRange(range)}`)
    }
    return checkRange(name, value, parsed, range, String)
  }

  /**
   * A duration in milliseconds: '500ms', '30s', '2m', '1h', combinations like '1m30s',
   * or a bare number of seconds.
   */
  duration(name: string, fallbackMs: number | undefined, range: RangeOptions = {}): number {
    const value = this.raw(name)
    if (!value) return required(name, fallbackMs)
    const ms = parseDuration(value)
    if (ms === undefined)
      throw invalid(name, value, `a duration like 500ms, 30s, 2m or 1h${describeRange(range, formatMs)}`)
    return checkRange(name, value, ms, range, formatMs)
  }

  /** integer(), or undefined when the input is empty (no default, not required). */
  optionalInteger(name: string, range: RangeOptions = {}): number | undefined {
    return this.optional(name) === undefined ? undefined : this.integer(name, undefined, range)
  }

  /** number(), or undefined when the input is empty. */
  optionalNumber(name: string, range: RangeOptions = {}): number | undefined {
    return this.optional(name) === undefined ? undefined : this.number(name, undefined, range)
  }

  /** duration(), or undefined when the input is empty. */
  optionalDuration(name: string, range: RangeOptions = {}): number | undefined {
    return this.optional(name) === undefined ? undefined : this.duration(name, undefined, range)
  }

  /** One of the allowed words (case-sensitive). */
  enum<const T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value = this.raw(name)
    if (!value) return required(name, fallback)
    if (!(allowed as readonly string[]).includes(value))
      throw invalid(name, value, `one of ${allowed.join(', ')}`)
    return value as T
  }

  /** Items separated by newlines or commas, trimmed, blanks and #-comments dropped. */
  list(name: string, separators: 'lines' | 'lines-and-commas' = 'lines-and-commas'): string[] {
    if (separators === 'lines') return this.lines(name).map((line) => line.text)
    return this.raw(name)
      .split(/\r?\n|,/)
      .map((item) => item.trim())
      .filter((item) => item && !item.startsWith('#'))
  }

  /** KEY=value pairs, one per line (values may contain '='); `expected` names the form in errors. */
  map(name: string, expected = 'KEY=value lines'): Record<string, string> {
    const result: Record<string, string> = {}
    for (const { text, number } of this.lines(name)) {
      const at = text.indexOf('=')
      if (at <= 0) throw this.invalidLine(name, text, number, expected)
      result[text.slice(0, at).trim()] = text.slice(at + 1).trim()
    }
    return result
  }

  /** Header-style 'Name: value' pairs, one per line. */
  headers(name: string): Record<string, string> {
    const result: Record<string, string> = {}
    for (const { text, number } of this.lines(name)) {
      const at = text.indexOf(':')
      const key = at > 0 ? text.slice(0, at).trim() : ''
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key))
        throw this.invalidLine(name, text, number, "'Name: value' lines with a valid HTTP header name")
      result[key] = text.slice(at + 1).trim()
    }
    return result
  }

  /**
   * The error for a bad line: it shows the line, or only its number for a secret-bearing
   * input (a malformed line may be a secret whole).
   */
  invalidLine(name: string, line: string, number: number, expected: string): UserError {
    if (!Object.hasOwn(this.secrets, name)) return invalid(name, line, expected)
    return new UserError(
      `Input '${name}' has an invalid line ${number} (not shown: it may hold a secret): expected ${expected}`,
    )
  }

  /** The list('lines') items with their 1-based line numbers in the raw value. */
  lines(name: string): { text: string; number: number }[] {
    return this.raw(name)
      .split(/\r?\n/)
      .map((line, index) => ({ text: line.trim(), number: index + 1 }))
      .filter(({ text }) => text && !text.startsWith('#'))
  }
}

/** Parses '1m30s', '500ms', '2h' or bare seconds into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy
  let total = 0
  let consumed = 0
  for (let match = part.exec(value); match; match = part.exec(value)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!
    consumed = part.lastIndex
  }
  return consumed === value.length && consumed > 0 ? Math.round(total) : undefined
}

/** Milliseconds as the shortest duration text parseDuration reads back. */
export function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}

/**
 * The error for a value that does not fit: names input, value and expectation. A URL
 * password in the value is shown as `***`.
 */
export function invalid(name: string, value: string, expected: string): UserError {
  return new UserError(`Input '${name}' has invalid value '${redactUrl(value)}': expected ${expected}`)
}

function required<T>(name: string, fallback: T | undefined): T {
  if (fallback === undefined) throw new UserError(`Input '${name}' is required but was empty`)
  return fallback
}

function describeRange(range: RangeOptions, show: (n: number) => string = String): string {
  if (range.min !== undefined && range.max !== undefined)
    return ` from ${show(range.min)} to ${show(range.max)}`
  if (range.min !== undefined) return ` of at least ${show(range.min)}`
  if (range.max !== undefined) return ` of at most ${show(range.max)}`
  return ''
}

function checkRange(
  name: string,
  raw: string,
  value: number,
  range: RangeOptions,
  show: (n: number) => string,
): number {
  if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
    throw invalid(name, raw, `a value${describeRange(range, show)}`)
  }
  return value
}
