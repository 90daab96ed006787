import { parse as parseYaml } from 'yaml'
import {
  isBasicExpression,
  isBoolean,
  isLiteral,
  isMapping,
  isNumber,
  isSequence,
  type TemplateToken,
} from './actions-libraries'
import { UserError } from '@pipeline-kit/common'
import {
  evaluateExpression,
  evaluateText,
  fromExpressionData,
  valueToString,
  type EvaluationScope,
  type Value,
} from './expression-evaluator'

export {
  callsStatusFunction,
  evaluateCondition,
  evaluateExpression,
  evaluateText,
  fromExpressionData,
  toExpressionData,
  valueToString,
  type Contexts,
  type EvaluationScope,
  type Value,
} from './expression-evaluator'

/** TokenType.Null of @actions/workflow-parser (its enum is not exported from the package root). */
const NULL_TOKEN = 7

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
  return evaluateText(
    String((parseYaml(`value: ${header}\n${source}`) as { value: unknown }).value ?? ''),
    scope,
  )
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
