import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import {
  isBasicExpression,
  isBoolean,
  isLiteral,
  isMapping,
  isNumber,
  isSequence,
  Evaluator,
  Lexer,
  Parser,
  data,
  truthy,
  type FunctionDefinition,
  type TemplateToken,
} from './actions-libraries'
import { describeError, UserError } from '@pipeline-kit/common'

/** A JSON-like value: what expressions read from contexts and what they produce. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value }

/** The named contexts of an expression (`github`, `env`, `steps`, `needs`, `matrix` …), as plain data. */
export type Contexts = Readonly<Record<string, Value>>

/** How the status functions answer, and how hashFiles finds files. */
export interface EvaluationScope {
  readonly contexts: Contexts
  /** `success()`, `failure()`, `cancelled()` for the current job or step position. */
  readonly status?: { readonly success: boolean; readonly failure: boolean; readonly cancelled?: boolean }
  /** Lists files for hashFiles(patterns), relative to the workspace. */
  readonly hashFiles?: (patterns: readonly string[]) => readonly string[]
}

/** TokenType.Null of @actions/workflow-parser (its enum is not exported from the package root). */
const NULL_TOKEN = 7

function functions(scope: EvaluationScope): Map<string, FunctionDefinition> {
  const status = scope.status ?? { success: true, failure: false }
  const map = new Map<string, FunctionDefinition>()
  const flag = (name: 'success' | 'failure' | 'cancelled' | 'always', value: boolean) =>
    map.set(name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) })
  flag('success', status.success)
  flag('failure', status.failure)
  flag('cancelled', status.cancelled ?? false)
  flag('always', true)
  map.set('hashfiles', {
    name: 'hashFiles',
    minArgs: 1,
    maxArgs: 255,
    call: (...args) => {
      const files = scope.hashFiles?.(args.map((a) => a.coerceString())) ?? []
      if (files.length === 0) return new data.StringData('')
      const all = createHash('sha256')
      for (const file of files) all.update(createHash('sha256').update(readFileSync(file)).digest())
      return new data.StringData(all.digest('hex'))
    },
  })
  return map
}

/** Converts plain data to the evaluator's ExpressionData. */
export function toExpressionData(value: Value | undefined): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData
}

/** Converts the evaluator's ExpressionData back to plain data. */
export function fromExpressionData(value: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(value, data.replacer)) as Value
}

/**
 * Evaluates one expression (without `${{ }}`) with GitHub's evaluator from
 * @actions/expressions; a syntax or evaluation error names the expression.
 */
export function evaluateExpression(expression: string, scope: EvaluationScope): data.ExpressionData {
  const fns = functions(scope)
  try {
    const lexed = new Lexer(expression).lex()
    const tree = new Parser(lexed.tokens, Object.keys(scope.contexts), [...fns.values()]).parse()
    const context = new data.Dictionary(
      ...Object.entries(scope.contexts).map(([key, value]) => ({ key, value: toExpressionData(value) })),
    )
    return new Evaluator(tree, context, fns).evaluate()
  } catch (error) {
    throw new UserError(`cannot evaluate \${{ ${expression} }}: ${describeError(error)}`)
  }
}

/** An `if:` condition: true when the expression's result is truthy. */
export function evaluateCondition(expression: string, scope: EvaluationScope): boolean {
  return truthy(evaluateExpression(expression, scope))
}

/** True when an expression calls a status function (so `if:` does not get `success() &&`). */
export function callsStatusFunction(expression: string): boolean {
  return /\b(success|failure|cancelled|always)\s*\(/i.test(expression)
}

/**
 * Evaluates a template token from the parsed workflow to plain data: literals as they
 * are, expression tokens (GitHub turns `a ${{ b }}` into `format('a {0}', b)`) through
 * the evaluator, mappings and sequences recursively.
 */
export function evaluateToken(token: TemplateToken | undefined, scope: EvaluationScope): Value {
  if (token === undefined) return null
  if (isBasicExpression(token)) {
    if (token.blockScalarHeader && token.source !== undefined)
      return evaluateBlockScalar(token.blockScalarHeader, token.source, scope)
    return fromExpressionData(evaluateExpression(token.expression, scope))
  }
  if (isMapping(token)) {
    const result: Record<string, Value> = {}
    for (const pair of token) result[evaluateString(pair.key, scope)] = evaluateToken(pair.value, scope)
    return result
  }
  if (isSequence(token)) return [...token].map((item) => evaluateToken(item, scope))
  if (isBoolean(token)) return token.value
  if (isNumber(token)) return token.value
  if (token.templateTokenType === NULL_TOKEN) return null
  if (isLiteral(token)) return token.toString()
  throw new UserError(`unsupported expression at line ${token.line ?? '?'}: ${token.toString()}`)
}

/**
 * The parser turns a block scalar with expressions into format() over the raw source
 * lines, indentation included; the text a step sees is the YAML value. So the block is
 * read as YAML (header, chomping and folding applied), then each `${{ }}` is evaluated.
 */
function evaluateBlockScalar(header: string, source: string, scope: EvaluationScope): string {
  const text = String((parseYaml(`value: ${header}\n${source}`) as { value: unknown }).value ?? '')
  let out = ''
  let at = 0
  for (let start = text.indexOf('${{'); start >= 0; start = text.indexOf('${{', at)) {
    const end = closingBraces(text, start + 3)
    if (end < 0) break
    out += text.slice(at, start)
    out += valueToString(fromExpressionData(evaluateExpression(text.slice(start + 3, end).trim(), scope)))
    at = end + 2
  }
  return out + text.slice(at)
}

/** Where the `}}` closing an expression is: the first one outside a '…' string literal ('' inside one is a quote). */
function closingBraces(text: string, from: number): number {
  let inString = false
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "'") inString = !inString
    else if (!inString && text[i] === '}' && text[i + 1] === '}') return i
  }
  return -1
}

/** A token evaluated to a string, the way the runner passes values to steps. */
export function evaluateString(token: TemplateToken | undefined, scope: EvaluationScope): string {
  return valueToString(evaluateToken(token, scope))
}

/** Evaluates a mapping token (`env:`, `with:`, `outputs:`) to a string record. */
export function evaluateStringMap(
  token: TemplateToken | undefined,
  scope: EvaluationScope,
): Record<string, string> {
  const value = evaluateToken(token, scope)
  if (value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`expected a mapping at line ${token?.line ?? '?'}, found ${JSON.stringify(value)}`)
  }
  const result: Record<string, string> = {}
  for (const [key, item] of Object.entries(value as Record<string, Value>)) result[key] = valueToString(item)
  return result
}

/** How the runner turns a value into text: strings as they are, numbers and booleans printed, objects as JSON. */
export function valueToString(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}
