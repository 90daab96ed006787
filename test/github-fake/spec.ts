import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/** A JSON Schema node as it appears in GitHub's OpenAPI 3.0 description. */
export type Schema = Record<string, any>

export interface Parameter {
  readonly name: string
  readonly in: 'path' | 'query' | 'header' | 'cookie'
  readonly required: boolean
  readonly schema: Schema
}

export interface ResponseSpec {
  /** Content type → schema/example; empty for responses without a body (204, 304). */
  readonly content: Record<string, { schema?: Schema; example?: unknown; examples?: unknown[] }>
}

export interface Operation {
  readonly operationId: string
  readonly method: string
  /** The templated path, e.g. /repos/{owner}/{repo}/check-runs/{check_run_id}. */
  readonly path: string
  readonly parameters: readonly Parameter[]
  readonly requestBody?: { readonly required: boolean; readonly content: Record<string, { schema?: Schema }> }
  readonly responses: Record<string, ResponseSpec>
  readonly documentationUrl: string
}

interface Route {
  readonly template: string
  readonly segments: readonly string[]
  /** Count of literal segments: more literal wins when two templates match. */
  readonly literals: number
  readonly methods: Record<string, Operation>
}

export interface Spec {
  readonly operations: ReadonlyMap<string, Operation>
  readonly routes: readonly Route[]
  /** components.schemas, nullable already rewritten to JSON Schema; referenced as SCHEMA_ROOT_ID#/components/schemas/<name>. */
  readonly schemaRoot: Schema
}

/** $id under which the component schemas are registered with Ajv. */
export const SCHEMA_ROOT_ID = 'https://api.github.com/openapi.json'

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

let specPromise: Promise<Spec> | undefined

/** GitHub's OpenAPI description, loaded and indexed once per process. */
export function loadSpec(): Promise<Spec> {
  specPromise ??= readSpec().catch((error: unknown) => {
    specPromise = undefined
    throw error
  })
  return specPromise
}

async function readSpec(): Promise<Spec> {
  const require = createRequire(import.meta.url)
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
  const doc = JSON.parse(await readFile(file, 'utf8')) as Schema
  const components = doc.components as Schema
  const resolve = (node: any): any => {
    let current = node
    for (let depth = 0; current && typeof current.$ref === 'string' && depth < 10; depth++) {
      const parts = (current.$ref as string).replace(/^#\//, '').split('/')
      current = parts.reduce<any>((obj, key) => obj?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    }
    return current
  }

  const schemas: Schema = {}
  for (const [name, schema] of Object.entries(components.schemas as Schema))
    schemas[name] = normalizeSchema(schema)

  const operations = new Map<string, Operation>()
  const routes: Route[] = []
  for (const [template, item] of Object.entries(doc.paths as Schema)) {
    const shared = ((item as Schema).parameters ?? []) as unknown[]
    const methods: Record<string, Operation> = {}
    for (const method of METHODS) {
      const op = (item as Schema)[method] as Schema | undefined
      if (!op?.operationId) continue
      const parameters = [...shared, ...((op.parameters ?? []) as unknown[])].map((p) => {
        const param = resolve(p) as Schema
        return {
          name: param.name as string,
          in: param.in,
          required: param.required === true,
          schema: normalizeSchema(param.schema ?? {}),
        } as Parameter
      })
      const body = resolve(op.requestBody) as Schema | undefined
      const requestBody = body
        ? {
            required: body.required === true,
            content: Object.fromEntries(
              Object.entries((body.content ?? {}) as Schema).map(([type, media]) => [
                type,
                { schema: media.schema ? normalizeSchema(media.schema) : undefined },
              ]),
            ),
          }
        : undefined
      const responses: Record<string, ResponseSpec> = {}
      for (const [status, raw] of Object.entries((op.responses ?? {}) as Schema)) {
        const response = resolve(raw) as Schema
        const content: ResponseSpec['content'] = {}
        for (const [type, media] of Object.entries((response.content ?? {}) as Schema)) {
          const examples =
            media.examples && typeof media.examples === 'object'
              ? Object.values(media.examples as Schema)
                  .map((e) => (resolve(e) as Schema | undefined)?.value)
                  .filter((v) => v !== undefined)
              : undefined
          content[type] = {
            schema: media.schema ? normalizeSchema(media.schema) : undefined,
            example: media.example,
            examples,
          }
        }
        responses[status] = { content }
      }
      const operation: Operation = {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        path: template,
        parameters,
        requestBody,
        responses,
        documentationUrl: (op.externalDocs?.url as string | undefined) ?? 'https://docs.github.com/rest',
      }
      methods[operation.method] = operation
      operations.set(operation.operationId, operation)
    }
    const segments = template.split('/').slice(1)
    routes.push({
      template,
      segments,
      literals: segments.filter((s) => !s.includes('{')).length,
      methods,
    })
  }
  // Most literal first, so /repos/{owner}/{repo}/releases/latest beats .../releases/{release_id}.
  routes.sort((a, b) => b.literals - a.literals)
  return { operations, routes, schemaRoot: { $id: SCHEMA_ROOT_ID, components: { schemas } } }
}

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties']
const SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not']
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf']

/**
 * Rewrites OpenAPI 3.0 into JSON Schema that Ajv understands: `nullable: true` becomes a
 * `null` type (and a `null` enum member, which GitHub's description leaves out), and local
 * `$ref`s point at the registered component root. Returns a copy.
 */
export function normalizeSchema(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      out.$ref = SCHEMA_ROOT_ID + value
    else if (SCHEMA_MAP_KEYWORDS.includes(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, normalizeSchema(v)]))
    else if (SCHEMA_KEYWORDS.includes(key) && value && typeof value === 'object')
      out[key] = normalizeSchema(value)
    else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) out[key] = value.map(normalizeSchema)
    else out[key] = value
  }
  if (schema.nullable !== true) return out
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    return out
  }
  return { anyOf: [out, { type: 'null' }] }
}

/** The operation and path parameters for a request path, or undefined when GitHub has no such route. */
export function matchRoute(
  spec: Spec,
  method: string,
  pathname: string,
): { route: Route; operation?: Operation; params: Record<string, string> } | undefined {
  const parts = pathname.split('/').slice(1)
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  let fallback: { route: Route; params: Record<string, string> } | undefined
  for (const greedy of [false, true]) {
    for (const route of spec.routes) {
      const params = matchSegments(route.segments, parts, greedy)
      if (!params) continue
      if (route.methods[method]) return { route, operation: route.methods[method], params }
      fallback ??= { route, params }
    }
  }
  return fallback
}

const SLASHED_PARAM = /^\{(ref|path|branch|basehead|file_path|tag_name|tag)\}$/

function matchSegments(
  segments: readonly string[],
  parts: readonly string[],
  greedy: boolean,
): Record<string, string> | undefined {
  let pieces: readonly string[] = parts
  if (greedy) {
    // A parameter naming a ref, branch or file path may span slashes when a client sends it
    // unencoded (octokit encodes it as %2F): /repos/o/r/branches/feature/x/protection.
    const at = segments.findIndex((segment) => SLASHED_PARAM.test(segment))
    const extra = parts.length - segments.length
    if (at < 0 || extra <= 0) return undefined
    pieces = [
      ...parts.slice(0, at),
      parts.slice(at, at + extra + 1).join('/'),
      ...parts.slice(at + extra + 1),
    ]
  } else if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    const part = pieces[i]!
    if (!segment.includes('{')) {
      if (segment !== part) return undefined
      continue
    }
    const match = segmentPattern(segment).exec(part)
    if (!match) return undefined
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value)
      } catch {
        return undefined
      }
    }
  }
  return params
}

const patterns = new Map<string, RegExp>()

/** `{base}...{head}` → /^(?<base>.+?)\.\.\.(?<head>.+)$/ */
function segmentPattern(segment: string): RegExp {
  let pattern = patterns.get(segment)
  if (!pattern) {
    const source = segment
      .split(/(\{[^}]+\})/)
      .filter((piece) => piece !== '')
      .map((piece, index, all) => {
        const name = /^\{([^}]+)\}$/.exec(piece)?.[1]
        if (!name) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        const group = name.replace(/[^A-Za-z0-9_]/g, '_')
        return index === all.length - 1 ? `(?<${group}>.+)` : `(?<${group}>.+?)`
      })
      .join('')
    pattern = new RegExp(`^${source}$`)
    patterns.set(segment, pattern)
  }
  return pattern
}
