import { parse as parseYaml } from 'yaml'
import {
  isBasicExpression,
  isBoolean,
  isLiteral,
  isMapping,
  isNumber,
  isSequence,
  type MappingToken,
  type SequenceToken,
  type TemplateToken,
} from './actions-libraries'
import { UserError } from '@pipeline-kit/common'
import {
  evaluateExpression,
  evaluateText,
  fromExpressionData,
  valueToString,
  wholeExpression,
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

/** TokenType.Null and TokenType.InsertExpression of @actions/workflow-parser (its enum is not exported from the package root). */
const NULL_TOKEN = 7
const INSERT_TOKEN = 4

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
  if (isMapping(token)) return evaluateMapping(token, scope)
  if (isSequence(token)) return evaluateSequence(token, scope)
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
function evaluateBlockScalar(header: string, source: string, scope: EvaluationScope): Value {
  const text = String((parseYaml(`value: ${header}\n${source}`) as { value: unknown }).value ?? '')
  // A block whose value is one `${{ }}` and nothing else is that expression (its value,
  // an object or a list as well), as the runner's TemplateReader reads any scalar.
  const whole = wholeExpression(text)
  if (whole !== undefined) return fromExpressionData(evaluateExpression(whole, scope))
  return evaluateText(text, scope)
}

/**
 * A mapping as the runner's TemplateUnraveler expands it: `${{ insert }}` as a key merges
 * its value, which must be (or evaluate to) a mapping, in its place; a key defined twice
 * after that is an error.
 */
function evaluateMapping(token: MappingToken, scope: EvaluationScope): Record<string, Value> {
  const result: Record<string, Value> = {}
  const add = (key: string, value: Value, line: number | undefined) => {
    if (Object.hasOwn(result, key)) throw new UserError(`line ${line ?? '?'}: '${key}' is already defined`)
    result[key] = value
  }
  for (const pair of token) {
    if (pair.key.templateTokenType !== INSERT_TOKEN) {
      add(evaluateString(pair.key, scope), evaluateToken(pair.value, scope), pair.key.line)
      continue
    }
    const inserted = evaluateToken(pair.value, scope)
    if (inserted === null || typeof inserted !== 'object' || Array.isArray(inserted))
      throw new UserError(
        `line ${pair.value.line ?? '?'}: \${{ insert }} expected a mapping, found ${JSON.stringify(inserted)}`,
      )
    for (const [key, value] of Object.entries(inserted)) add(key, value as Value, pair.value.line)
  }
  return result
}

/**
 * A sequence as the runner's TemplateUnraveler expands it: an item that is an expression
 * evaluating to a sequence is replaced by that sequence's items (one level).
 */
function evaluateSequence(token: SequenceToken, scope: EvaluationScope): Value[] {
  return [...token].flatMap((item) => {
    const value = evaluateToken(item, scope)
    return isBasicExpression(item) && Array.isArray(value) ? (value as Value[]) : [value]
  })
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
