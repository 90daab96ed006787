import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'
import { describeError, UserError } from '@pipeline-kit/common'

// The evaluator alone (@actions/expressions, without the workflow parser), so the test
// harness evaluates `${{ }}` with the runner's own code.

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
 * A string holding `${{ }}` (an action.yml input default or output value) evaluated as the
 * runner evaluates a string token: text around expressions kept, each expression's value
 * as text; a string that is exactly one expression gives that value's text.
 */
export function evaluateText(text: string, scope: EvaluationScope): string {
  let out = ''
  let at = 0
  for (let start = text.indexOf('${{'); start >= 0; start = text.indexOf('${{', at)) {
    const end = closingBraces(text, start + 3)
    if (end < 0) throw new UserError(`cannot evaluate ${text}: the expression is not closed`)
    out += text.slice(at, start)
    out += valueToString(fromExpressionData(evaluateExpression(text.slice(start + 3, end).trim(), scope)))
    at = end + 2
  }
  return out + text.slice(at)
}

/** The expression of a text that is exactly one `${{ }}` (nothing around it), else undefined. */
export function wholeExpression(text: string): string | undefined {
  if (!text.startsWith('${{')) return undefined
  const end = closingBraces(text, 3)
  return end === text.length - 2 ? text.slice(3, end).trim() : undefined
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

/** How the runner turns a value into text: strings as they are, numbers and booleans printed, objects as JSON. */
export function valueToString(value: Value): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value, null, 2)
}
