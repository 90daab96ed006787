import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type YAMLMap,
} from 'yaml'
import { checkExpression } from './expression-syntax'
import type { PropertyDefinition, SchemaDefinition } from './runner-schema'

/**
 * The runner's TemplateReader (actions/runner, src/Sdk/DTObjectTemplating/ObjectTemplating/
 * TemplateReader.cs) over a parsed YAML document: every value is checked against its
 * schema definition, every `${{ }}` is parsed with the named-values and functions the
 * definition allows, and each refusal is reported as the runner words it,
 * `<file> (Line: L, Col: C): <message>`.
 */

type Schema = Readonly<Record<string, SchemaDefinition>>

interface Info {
  readonly definition: SchemaDefinition
  /** The reader context: the definition's own plus its parents' (case-insensitive). */
  readonly context: readonly string[]
}

type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }

type Scalar = Literal | { readonly type: 'expression' }

const OPEN = '${{'

/** TemplateStrings of the runner, verbatim. */
const messages = {
  expressionNotAllowed: 'A template expression is not allowed in this context',
  expressionNotClosed:
    'The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.',
  expectedExpression: 'An expression was expected',
  unexpectedMapping: 'A mapping was not expected',
  unexpectedSequence: 'A sequence was not expected',
  unexpectedValue: (value: string) => `Unexpected value '${value}'`,
  alreadyDefined: (key: string) => `'${key}' is already defined`,
  requiredMissing: (key: string) => `Required property is missing: ${key}`,
  oneOf: (keys: string) =>
    `There's not enough info to determine what you meant. Add one of these properties: ${keys}`,
}

function literalText(literal: Literal): string {
  return literal.type === 'null' ? '' : String(literal.value)
}

/** Reads YAML nodes against one schema, collecting the runner's error messages. */
export class TemplateReader {
  readonly errors: string[] = []

  constructor(
    private readonly schema: Schema,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  /** Reads the document's root value as the definition `type`. */
  readRoot(type: string): void {
    this.readValue(this.doc.contents as Node | null, this.info(type, []), 0)
  }

  error(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset)
    this.errors.push(`${this.file} (Line: ${line}, Col: ${col}): ${message}`)
  }

  private info(type: string, parent: readonly string[]): Info {
    const definition = this.schema[type]
    if (!definition) throw new Error(`Schema definition '${type}' not found`)
    const own = definition.context ?? []
    if (own.length === 0) return { definition, context: parent }
    const seen = new Map<string, string>()
    for (const item of [...parent, ...own])
      if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item)
    return { definition, context: [...seen.values()] }
  }

  /** The definitions of one structure a definition stands for: itself, or its one-of members. */
  private flatten(definition: SchemaDefinition, has: (d: SchemaDefinition) => boolean): SchemaDefinition[] {
    if (has(definition)) return [definition]
    return (definition['one-of'] ?? []).map((name) => this.schema[name]!).filter(has)
  }

  private readValue(node: Node | null, info: Info, at: number): void {
    const resolved = node && isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node
    const offset = resolved?.range?.[0] ?? at
    if (resolved && isSeq(resolved)) {
      const [sequence] = this.flatten(info.definition, (d) => d.sequence !== undefined)
      if (!sequence) return this.error(offset, messages.unexpectedSequence)
      const item = this.info(sequence.sequence!['item-type'], info.context)
      for (const entry of resolved.items) this.readValue(entry as Node | null, item, offset)
      return
    }
    if (resolved && isMap(resolved)) return this.readMapping(resolved, info, offset)
    const literal = resolved && isScalar(resolved) ? toLiteral(resolved.value) : ({ type: 'null' } as const)
    this.validate(this.parseScalar(literal, info.context, offset), info, offset)
  }

  /** ParseScalar: splits a string at `${{ … }}` and checks each expression against the context. */
  private parseScalar(literal: Literal, context: readonly string[], offset: number): Scalar {
    if (literal.type !== 'string') return literal
    const raw = literal.value
    let start = raw.indexOf(OPEN)
    if (start < 0) return literal
    const segments: ('literal' | 'expression')[] = []
    let onlyExpression: string | undefined
    let i = 0
    while (i < raw.length) {
      if (i === start) {
        let end = -1
        let inString = false
        for (i += OPEN.length; i < raw.length; i++) {
          if (raw[i] === "'") inString = !inString
          else if (!inString && raw[i] === '}' && raw[i - 1] === '}') {
            end = i
            i++
            break
          }
        }
        if (end < start) {
          this.error(offset, messages.expressionNotClosed)
          return literal
        }
        const expression = raw.slice(start + OPEN.length, end - 1).trim()
        const problem = expression === '' ? messages.expectedExpression : checkExpression(expression, context)
        if (problem) {
          this.error(offset, problem)
          return literal
        }
        segments.push('expression')
        onlyExpression = expression
        start = raw.indexOf(OPEN, i)
      } else if (start >= 0 && i < start) {
        if (segments.at(-1) !== 'literal') segments.push('literal')
        i = start
      } else {
        if (segments.at(-1) !== 'literal') segments.push('literal')
        break
      }
    }
    // `${{ 'text' }}` alone is how a literal `${{` is escaped: it reads as a plain string.
    if (segments.length === 1 && onlyExpression !== undefined && isQuotedString(onlyExpression))
      return { type: 'string', value: unquote(onlyExpression) }
    return { type: 'expression' }
  }

  /** Validate: a literal must match one of the scalar definitions; an expression needs a context. */
  private validate(scalar: Scalar, info: Info, offset: number): void {
    if (scalar.type === 'expression') {
      if (info.context.length === 0) this.error(offset, messages.expressionNotAllowed)
      return
    }
    const scalars = this.flatten(
      info.definition,
      (d) =>
        d.string !== undefined || d.boolean !== undefined || d.number !== undefined || d.null !== undefined,
    )
    if (scalars.some((d) => matches(d, scalar))) return
    if (scalar.type !== 'string') {
      const text: Literal = { type: 'string', value: literalText(scalar) }
      if (scalars.some((d) => d.string !== undefined && matches(d, text))) return
    }
    this.error(offset, messages.unexpectedValue(literalText(scalar)))
  }

  private readMapping(node: YAMLMap, info: Info, offset: number): void {
    const definitions = this.flatten(info.definition, (d) => d.mapping !== undefined)
    if (definitions.length === 0) return this.error(offset, messages.unexpectedMapping)
    const first = definitions[0]!.mapping!
    const hasProperties = Object.keys(first.properties ?? {}).length > 0
    const loose = first['loose-key-type']
      ? { key: first['loose-key-type'], value: first['loose-value-type'] ?? 'any' }
      : undefined
    const wellKnown = definitions.length > 1 || hasProperties || !loose
    const keys = new Set<string>()
    let expressionKey = false
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      const keyOffset = keyNode?.range?.[0] ?? offset
      const keyLiteral = keyNode && isScalar(keyNode) ? toLiteral(keyNode.value) : ({ type: 'null' } as const)
      const value = pair.value as Node | null
      const keyScalar = this.parseScalar(keyLiteral, info.context, keyOffset)
      if (keyScalar.type === 'expression') {
        expressionKey = true
        if (info.context.length === 0) this.error(keyOffset, messages.expressionNotAllowed)
        else this.readValue(value, this.info(wellKnown ? 'any' : loose!.value, info.context), keyOffset)
        continue
      }
      const key = literalText(keyScalar)
      if (keys.has(key.toLowerCase())) {
        this.error(keyOffset, messages.alreadyDefined(key))
        continue
      }
      keys.add(key.toLowerCase())
      const valueType = wellKnown ? matchKey(definitions, key) : undefined
      if (valueType !== undefined) {
        this.readValue(value, this.info(valueType, info.context), keyOffset)
      } else if (loose) {
        this.validate({ type: 'string', value: key }, this.info(loose.key, info.context), keyOffset)
        this.readValue(value, this.info(loose.value, info.context), keyOffset)
      } else {
        this.error(keyOffset, messages.unexpectedValue(key))
      }
    }
    if (!wellKnown) return
    if (definitions.length > 1) {
      const counts = new Map<string, number>()
      for (const d of definitions)
        for (const name of Object.keys(d.mapping!.properties ?? {}))
          counts.set(name, (counts.get(name) ?? 0) + 1)
      const distinct = [...counts].filter(([, n]) => n === 1).map(([name]) => name)
      this.error(offset, messages.oneOf(distinct.sort().join(', ')))
    } else if (!expressionKey) {
      for (const [name, property] of Object.entries(definitions[0]!.mapping!.properties ?? {})) {
        if (typeof property !== 'string' && property.required && !keys.has(name.toLowerCase()))
          this.error(offset, messages.requiredMissing(name))
      }
    }
  }
}

/**
 * TemplateSchema.TryMatchKey: the value type of a well-known key, narrowing a one-of
 * to the mapping definitions that have the key.
 */
function matchKey(definitions: SchemaDefinition[], key: string): string | undefined {
  const typeOf = (d: SchemaDefinition): string | undefined => {
    const property: string | PropertyDefinition | undefined = d.mapping?.properties?.[key]
    return typeof property === 'string' ? property : property?.type
  }
  const found = definitions.map(typeOf)
  const type = found.find((t) => t !== undefined)
  if (type === undefined) return undefined
  for (let i = definitions.length - 1; i >= 0; i--) if (found[i] === undefined) definitions.splice(i, 1)
  return type
}

function matches(definition: SchemaDefinition, literal: Literal): boolean {
  if (definition.string !== undefined)
    return literal.type === 'string' && (!definition.string['require-non-empty'] || literal.value !== '')
  if (definition.boolean !== undefined) return literal.type === 'boolean'
  if (definition.number !== undefined) return literal.type === 'number'
  return definition.null !== undefined && literal.type === 'null'
}

function toLiteral(value: unknown): Literal {
  if (value === null || value === undefined) return { type: 'null' }
  if (typeof value === 'boolean') return { type: 'boolean', value }
  if (typeof value === 'number') return { type: 'number', value }
  if (typeof value === 'bigint') return { type: 'number', value: Number(value) }
  return { type: 'string', value: String(value) }
}

/** True when the expression is one single-quoted string literal ('' escapes a quote). */
function isQuotedString(expression: string): boolean {
  return /^'(?:[^']|'')*'$/.test(expression)
}

function unquote(expression: string): string {
  return expression.slice(1, -1).replace(/''/g, "'")
}
