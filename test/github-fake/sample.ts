import { SCHEMA_ROOT_ID, type Schema } from './spec'

export interface SampleOptions {
  /** Use `example` values found on schemas (realistic, but GitHub's are not always valid). */
  readonly useExamples: boolean
  /** Which branch of a oneOf/anyOf to take at the top level. */
  readonly branch: number
}

const STRING_BY_FORMAT: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  uri: 'https://github.com/octocat',
  'uri-template': 'https://api.github.com/octocat{/id}',
  email: 'octocat@github.com',
  'repo.nwo': 'octocat/hello-world',
  timestamp: '2024-01-01T00:00:00Z',
  binary: '',
}

/**
 * A minimal value valid against `schema`: required properties only, integers 1, strings by
 * format, the first enum member, null where nullable. `root` resolves component $refs.
 */
export function sampleFromSchema(schema: Schema | undefined, root: Schema, options: SampleOptions): unknown {
  return sample(schema, root, options, 0, true)
}

function resolveRef(schema: Schema, root: Schema): Schema {
  let current = schema
  for (let i = 0; i < 20 && typeof current?.$ref === 'string'; i++) {
    const pointer = (current.$ref as string).slice(SCHEMA_ROOT_ID.length + 2).split('/')
    current = pointer.reduce<any>((obj, key) => obj?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root)
  }
  return current ?? {}
}

function sample(
  input: Schema | undefined,
  root: Schema,
  options: SampleOptions,
  depth: number,
  top: boolean,
): unknown {
  if (!input || typeof input !== 'object' || depth > 30) return null
  const schema = resolveRef(input, root)
  if ('const' in schema) return schema.const
  if (options.useExamples && schema.example !== undefined && !Array.isArray(schema.type))
    return schema.example
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Schema[]).map((s) => sample(s, root, options, depth + 1, false))
    const { allOf: _allOf, ...rest } = schema
    const own = Object.keys(rest).some((k) => ['type', 'properties', 'required'].includes(k))
      ? sample(rest, root, options, depth + 1, false)
      : undefined
    if ([...parts, own].every((p) => p === undefined || isPlainObject(p))) {
      return Object.assign({}, ...parts.filter(isPlainObject), isPlainObject(own) ? own : {})
    }
    return parts[0]
  }
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined
  if (Array.isArray(branches) && branches.length > 0) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema
    if (!top && branches.some((b) => resolveRef(b, root).type === 'null')) return null
    const pick = top ? options.branch % branches.length : 0
    const chosen = sample(branches[pick], root, options, depth + 1, false)
    if (isPlainObject(chosen) && (rest.properties || rest.required)) {
      return { ...(sample(rest, root, options, depth + 1, false) as object), ...chosen }
    }
    return chosen
  }
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [schema.type as string]
      : []
  if (types.includes('null')) return null
  const type = types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string')
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const properties = (schema.properties ?? {}) as Schema
      for (const name of (schema.required ?? []) as string[]) {
        out[name] = properties[name] ? sample(properties[name], root, options, depth + 1, false) : 'string'
      }
      return out
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0
      return Array.from({ length: count }, () =>
        sample(schema.items as Schema, root, options, depth + 1, false),
      )
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1
    case 'boolean':
      return false
    default: {
      const text = STRING_BY_FORMAT[schema.format as string] ?? 'string'
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0
      return text.length >= min ? text : text.padEnd(min, 'x')
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
