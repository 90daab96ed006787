import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js'
import addFormatsModule from 'ajv-formats'
import type { Operation, Schema, Spec } from './spec'

// ajv-formats is CommonJS; under ESM the plugin may sit on .default.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2019) => Ajv2019

export interface Validation {
  readonly ok: boolean
  /** Ajv errors as "<where><instancePath> <message>" lines. */
  readonly errors: readonly string[]
  readonly raw: readonly ErrorObject[]
}

/** Compiles and caches validators for the request and response parts of GitHub operations. */
export class SpecValidator {
  private readonly ajv: Ajv2019
  private readonly cache = new Map<string, ValidateFunction>()

  constructor(readonly spec: Spec) {
    this.ajv = new Ajv2019({
      strict: false,
      allErrors: true,
      validateSchema: false,
      logger: false,
      // Values are validated as received; never mutate a request or response body.
      useDefaults: false,
      coerceTypes: false,
    })
    addFormats(this.ajv)
    // Formats GitHub's description uses that are not JSON Schema formats: accept any string.
    for (const format of ['repo.nwo', 'timestamp', 'int64', 'int32', 'double', 'binary']) {
      this.ajv.addFormat(format, true)
    }
    this.ajv.addSchema(spec.schemaRoot)
  }

  /** Validates `value` against `schema`, compiled once under `key`. */
  validate(key: string, schema: Schema, value: unknown, where: string): Validation {
    let fn = this.cache.get(key)
    if (!fn) {
      fn = this.ajv.compile(schema)
      this.cache.set(key, fn)
    }
    if (fn(value)) return { ok: true, errors: [], raw: [] }
    const raw = fn.errors ?? []
    return { ok: false, errors: raw.map((e) => describeError(e, where)), raw }
  }

  /** Schema of a JSON request body, with unknown properties rejected (GitHub ignores them; a fake should not). */
  requestSchema(operation: Operation): Schema | undefined {
    const schema = operation.requestBody?.content['application/json']?.schema
    return schema ? rejectUnknownProperties(schema) : undefined
  }
}

function describeError(error: ErrorObject, where: string): string {
  const params = error.params as Record<string, unknown>
  let detail = error.message ?? error.keyword
  if (error.keyword === 'enum') detail += ` ${JSON.stringify(params.allowedValues)}`
  if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
    detail = `has unknown property '${String(params.unevaluatedProperty ?? params.additionalProperty)}'`
  }
  return `${where}${error.instancePath} ${detail}`
}

/**
 * Adds `unevaluatedProperties: false` to inline object schemas of a request body that list
 * their properties and say nothing about extra ones. Combinator branches are left alone:
 * the flag on their parent already sees what a matching branch evaluated.
 */
function rejectUnknownProperties(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const out: Schema = { ...schema }
  if (out.properties && typeof out.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Schema).map(([k, v]) => [k, rejectUnknownProperties(v)]),
    )
    if (
      out.additionalProperties === undefined &&
      out.patternProperties === undefined &&
      out.$ref === undefined
    ) {
      out.unevaluatedProperties = false
    }
  }
  if (out.items && typeof out.items === 'object' && !Array.isArray(out.items)) {
    out.items = rejectUnknownProperties(out.items)
  }
  return out
}
