import { UserError } from '@pipeline-kit/common'
import { evaluateString, type EvaluationScope, type Value } from './expressions'
import type { StepPlan } from './load-workflow'

/** A name token evaluated for display; the token's text when it cannot be evaluated. */
export function safeString(token: StepPlan['name'], scope: EvaluationScope): string | undefined {
  if (!token) return undefined
  try {
    return evaluateString(token, scope)
  } catch {
    return token.toString()
  }
}

/** The runner's label of a nameless run step: `Run <first line>`. */
export function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  return `Run ${line.length > 60 ? `${line.slice(0, 57)}...` : line}`
}

/** A `timeout-minutes` value: undefined when not set, a UserError unless a positive number. */
export function timeoutMinutes(value: Value): number | undefined {
  if (value === null || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError(`timeout-minutes must be a positive number, found ${JSON.stringify(value)}`)
  return n
}

/** The smallest of the given limits (at least 1 ms), undefined when none is given. */
export function minDefined(...values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined)
  return defined.length ? Math.max(1, Math.min(...defined)) : undefined
}
