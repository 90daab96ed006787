import { ExpressionError, Lexer, Parser, data } from '@actions/expressions'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'

/** `name(min,max)` in a schema context names a function; anything else a named-value. */
const functionPattern = /^([a-zA-Z0-9_]+)\(([0-9]+),([0-9]+|MAX)\)$/

/** The named-values and functions one schema context allows, as the parser takes them. */
function allowed(context: readonly string[]): { namedValues: string[]; functions: FunctionDefinition[] } {
  const namedValues: string[] = []
  const functions: FunctionDefinition[] = []
  for (const item of context) {
    const match = functionPattern.exec(item)
    if (!match) {
      namedValues.push(item)
      continue
    }
    functions.push({
      name: match[1]!,
      minArgs: Number(match[2]),
      maxArgs: match[3] === 'MAX' ? Number.MAX_SAFE_INTEGER : Number(match[3]),
      // Never called: the expression is only parsed.
      call: () => new data.Null(),
    })
  }
  return { namedValues, functions }
}

/** Offset of a lexer position (0-based line and column) in the expression text. */
function offsetOf(expression: string, position: { line: number; column: number }): number {
  let offset = 0
  for (let line = 0; line < position.line; line++) {
    const end = expression.indexOf('\n', offset)
    if (end < 0) break
    offset = end + 1
  }
  return offset + position.column
}

/**
 * Parses one expression (the text between `${{` and `}}`, trimmed) with GitHub's
 * expression parser, allowing only the named-values and functions of `context`
 * (the built-in functions such as `format` and `contains` are always allowed).
 * Returns the runner's message for an expression it refuses, e.g.
 * `Unrecognized named-value: 'github'. Located at position 1 within expression: github.token`,
 * or undefined when the expression is valid there.
 */
export function checkExpression(expression: string, context: readonly string[]): string | undefined {
  const { namedValues, functions } = allowed(context)
  try {
    const { tokens } = new Lexer(expression).lex()
    new Parser(tokens, namedValues, functions).parse()
    return undefined
  } catch (error) {
    if (error instanceof ExpressionError) {
      // The runner's ParseException adds where the token is (1-based) to the parser's message.
      const position = offsetOf(expression, error.pos) + 1
      return `${error.message}. Located at position ${position} within expression: ${expression}`
    }
    return error instanceof Error ? error.message : String(error)
  }
}
