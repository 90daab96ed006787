import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import { sampleFromSchema } from './sample'
import { loadSpec, matchRoute, type Operation, type Parameter, type Schema, type Spec } from './spec'
import { SpecValidator } from './validator'

export { loadSpec } from './spec'

export interface RecordedRequest {
  method: string
  path: string
  /** GitHub's operationId ('checks/create'); '' when the route is unknown. */
  operationId: string
  params: Record<string, string>
  query: Record<string, string | string[]>
  body: unknown
  headers: Record<string, string>
}

export interface FakeResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type FakeHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>

export interface GitHubFake {
  /** http://127.0.0.1:<port>; use as GITHUB_API_URL / baseUrl. */
  url: string
  /** Every request, in order. */
  requests: RecordedRequest[]
  /** Requests or responses that GitHub's OpenAPI description does not allow, and auth failures. */
  violations: string[]
  /** Answers an operation; a later on() for the same id replaces the handler. */
  on(operationId: string, handler: FakeHandler): void
  /** Removes an operation's handler: it answers the default again. */
  off(operationId: string): void
  calls(operationId: string): RecordedRequest[]
  /** Clears requests and violations; handlers are kept. */
  reset(): void
  close(): Promise<void>
}

export interface GitHubFakeOptions {
  /** When set, every request must carry `authorization: token <token>` or `Bearer <token>`. */
  token?: string
}

const DOCS = 'https://docs.github.com/rest'

/**
 * Handlers that make an operation fail, for tests of what an action does when the API does:
 * `gh.on('checks/create', faults.status(500))`. The request is still validated first.
 */
export const faults = {
  /** Answers every request with this error status (GitHub's error body shape). */
  status(status: number, message?: string): FakeHandler {
    return () => ({ status, ...(message ? { body: { message, documentation_url: DOCS } } : {}) })
  },
  /** Accepts the request and never answers: the connection stays open until the client gives up. */
  hang(): FakeHandler {
    return () => new Promise<FakeResponse>(() => {})
  },
}

/**
 * An http://127.0.0.1 URL where nothing listens (a port bound, then released), so a client
 * gets ECONNREFUSED: the API unreachable.
 */
export async function closedPortUrl(): Promise<string> {
  const server = createTcpServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

let validatorPromise: Promise<SpecValidator> | undefined
function loadValidator(): Promise<SpecValidator> {
  validatorPromise ??= loadSpec().then((spec) => new SpecValidator(spec))
  return validatorPromise
}

/**
 * Starts a local fake of api.github.com on 127.0.0.1 that checks every request against
 * GitHub's OpenAPI description and answers schema-valid responses.
 */
export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const validator = await loadValidator()
  const spec = validator.spec
  const handlers = new Map<string, FakeHandler>()
  const requests: RecordedRequest[] = []
  const violations: string[] = []
  const defaults = new Map<string, unknown>()
  let nextId = 1000
  let used = 0
  let url = ''

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(
        `${req.method} ${req.url}: fake failed: ${error instanceof Error ? error.message : String(error)}`,
      )
      if (!res.headersSent) send(res, 500, { message: 'GitHub fake failed', documentation_url: DOCS }, {})
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const target = new URL(req.url ?? '/', 'http://127.0.0.1')
    const pathname = target.pathname.replace(/^\/api\/v3(?=\/|$)/, '') || '/'
    const raw = await readBody(req)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const query: Record<string, string | string[]> = {}
    for (const [key, value] of target.searchParams) {
      const previous = query[key]
      query[key] =
        previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
    }
    const match = matchRoute(spec, method, pathname)
    const operation = match?.operation
    const recorded: RecordedRequest = {
      method,
      path: pathname,
      operationId: operation?.operationId ?? '',
      params: match?.params ?? {},
      query,
      body: undefined,
      headers,
    }
    requests.push(recorded)
    const where = `${method} ${pathname}${operation ? ` (${operation.operationId})` : ''}`
    used++

    if (options.token !== undefined) {
      const auth = headers.authorization
      const given = auth ? /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1] : undefined
      if (given !== options.token) {
        const message = auth ? 'Bad credentials' : 'Requires authentication'
        violations.push(
          `${where}: ${auth ? 'wrong or malformed authorization header' : 'no authorization header'}`,
        )
        return send(res, 401, { message, documentation_url: DOCS, status: '401' }, {})
      }
    }

    if (!operation) {
      violations.push(
        match
          ? `${where}: GitHub has no ${method} on ${match.route.template} (methods: ${Object.keys(match.route.methods).join(', ')})`
          : `${where}: no such path in GitHub's REST API`,
      )
      return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' }, {})
    }

    const problems: string[] = []
    const body = parseBody(raw, headers['content-type'], operation, problems)
    recorded.body = body
    if (problems.length === 0) problems.push(...validateRequest(operation, recorded, body, validator))
    if (problems.length > 0) {
      violations.push(`${where}: ${problems.join('; ')}`)
      const unparsable = problems[0]!.startsWith('body is not JSON')
      return send(
        res,
        unparsable ? 400 : 422,
        {
          message: unparsable ? 'Problems parsing JSON' : 'Validation Failed',
          errors: problems.map((message) => ({ resource: operation.operationId, code: 'invalid', message })),
          documentation_url: operation.documentationUrl,
          status: unparsable ? '400' : '422',
        },
        {},
      )
    }

    const handler = handlers.get(operation.operationId)
    let answer: FakeResponse
    try {
      answer = handler ? await handler(recorded) : { status: firstSuccessStatus(operation) }
    } catch (error) {
      violations.push(`${where}: handler threw: ${error instanceof Error ? error.message : String(error)}`)
      return send(res, 500, { message: 'handler threw', documentation_url: DOCS }, {})
    }
    const status = answer.status
    const responseSpec = findResponse(operation, status)
    let responseBody = answer.body
    if (responseBody === undefined && responseSpec && jsonSchemaOf(responseSpec)) {
      responseBody = defaultBody(operation, status)
    } else if (responseBody === undefined && status >= 400) {
      responseBody = { message: errorMessage(status), documentation_url: operation.documentationUrl }
    }

    const problem = checkResponse(operation, status, responseSpec, responseBody, validator)
    if (problem) {
      violations.push(`${where}: the fake's answer is not a valid GitHub response: ${problem}`)
      return send(
        res,
        500,
        { message: `GitHub fake: invalid response: ${problem}`, documentation_url: DOCS },
        {},
      )
    }
    const extra = { ...(answer.headers ?? {}) }
    const lower = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v]))
    if (lower['x-ratelimit-remaining'] === '0' && lower['x-ratelimit-reset'] === undefined) {
      // Without a reset time a client would wait out the default hour: reset after retry-after (or now).
      lower['x-ratelimit-reset'] = String(Math.floor(Date.now() / 1000) + Number(lower['retry-after'] ?? 0))
    }
    return send(res, status, responseBody, lower)
  }

  function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string>): void {
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - used)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
    }
    let payload: Buffer | undefined
    if (body !== undefined && status !== 204 && status !== 304) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        payload = Buffer.from(body)
        headers['content-type'] = 'text/plain; charset=utf-8'
      } else {
        payload = Buffer.from(JSON.stringify(body))
        headers['content-type'] = 'application/json; charset=utf-8'
      }
    }
    headers['content-length'] = String(payload?.length ?? 0)
    res.writeHead(status, { ...headers, ...extra })
    res.end(payload)
  }

  function defaultBody(operation: Operation, status: number): unknown {
    const key = `${operation.operationId} ${status}`
    if (!defaults.has(key)) defaults.set(key, buildDefault(operation, status, validator, violations))
    // Upload URLs (release assets) point back at the fake, so clients that follow them stay local.
    const template = defaults.get(key)
    const body: unknown =
      template === undefined
        ? undefined
        : JSON.parse(JSON.stringify(template).replaceAll('https://uploads.github.com', url))
    // Distinct ids per call, so a client that keys on them sees different resources.
    const withId = assignIds(structuredClone(body), () => nextId++)
    const spec = findResponse(operation, status)
    const schema = spec && jsonSchemaOf(spec)
    if (schema && validator.validate(`${key} response`, schema, withId, 'response').ok) return withId
    return body
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  url = `http://127.0.0.1:${port}`

  return {
    url,
    requests,
    violations,
    on(operationId, handler) {
      if (!spec.operations.has(operationId)) throw new Error(`GitHub has no operation '${operationId}'`)
      handlers.set(operationId, handler)
    },
    off(operationId) {
      handlers.delete(operationId)
    },
    calls(operationId) {
      return requests.filter((r) => r.operationId === operationId)
    },
    reset() {
      requests.length = 0
      violations.length = 0
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
    },
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseBody(
  raw: Buffer,
  contentType: string | undefined,
  operation: Operation,
  problems: string[],
): unknown {
  if (raw.length === 0) return undefined
  const types = Object.keys(operation.requestBody?.content ?? {})
  const json = !contentType || /json/i.test(contentType)
  if (json && (types.length === 0 || types.some((t) => /json/.test(t)))) {
    try {
      return JSON.parse(raw.toString('utf8'))
    } catch (error) {
      problems.push(`body is not JSON: ${error instanceof Error ? error.message : String(error)}`)
      return raw.toString('utf8')
    }
  }
  return /^text\//i.test(contentType ?? '') ? raw.toString('utf8') : raw
}

function validateRequest(
  operation: Operation,
  request: RecordedRequest,
  body: unknown,
  validator: SpecValidator,
): string[] {
  const problems: string[] = []
  const id = operation.operationId
  for (const param of operation.parameters.filter((p) => p.in === 'path')) {
    const value = request.params[param.name]
    if (value === undefined) continue
    const result = validator.validate(
      `${id} path ${param.name}`,
      param.schema,
      coerce(value, param.schema),
      `path ${param.name}`,
    )
    if (!result.ok) problems.push(...result.errors.map((e) => `${e} (got ${JSON.stringify(value)})`))
  }
  const queryParams = new Map<string, Parameter>(
    operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]),
  )
  for (const [rawKey, value] of Object.entries(request.query)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey
    const param = queryParams.get(key)
    if (!param) {
      problems.push(
        `query parameter '${rawKey}' is not accepted by ${id} (accepted: ${[...queryParams.keys()].join(', ') || 'none'})`,
      )
      continue
    }
    const result = validator.validate(
      `${id} query ${key}`,
      param.schema,
      coerce(value, param.schema),
      `query ${key}`,
    )
    if (!result.ok) problems.push(...result.errors.map((e) => `${e} (got ${JSON.stringify(value)})`))
  }
  for (const param of queryParams.values()) {
    if (
      param.required &&
      request.query[param.name] === undefined &&
      request.query[`${param.name}[]`] === undefined
    ) {
      problems.push(`query parameter '${param.name}' is required`)
    }
  }
  const schema = validator.requestSchema(operation)
  if (schema) {
    const result = validator.validate(`${id} request`, schema, body ?? {}, 'body')
    if (!result.ok) problems.push(...result.errors)
  } else if (!operation.requestBody && body !== undefined) {
    problems.push(`${id} takes no request body`)
  }
  return problems
}

/** Query and path values arrive as text; turn them into what their schema describes. */
function coerce(value: string | string[], schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
  if (type === 'array') {
    const items = (Array.isArray(value) ? value : value.split(',')).filter((v) => v !== '')
    return items.map((v) => coerce(v, (schema.items ?? {}) as Schema))
  }
  if (Array.isArray(value)) return value
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

function firstSuccessStatus(operation: Operation): number {
  const statuses = Object.keys(operation.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b)
  return statuses[0] ?? 200
}

function findResponse(operation: Operation, status: number): Operation['responses'][string] | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`]
}

function jsonSchemaOf(response: Operation['responses'][string]): Schema | undefined {
  const media = Object.entries(response.content).find(([type]) => /json/.test(type))?.[1]
  return media?.schema
}

function checkResponse(
  operation: Operation,
  status: number,
  response: Operation['responses'][string] | undefined,
  body: unknown,
  validator: SpecValidator,
): string | undefined {
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return `status ${String(status)} is not an HTTP status`
  if (!response) {
    // Any endpoint can fail with auth, rate-limit or server errors; successes must be documented.
    if (status >= 400) return undefined
    const documented = Object.keys(operation.responses).join(', ')
    return `status ${status} is not a documented response of ${operation.operationId} (documented: ${documented})`
  }
  const schema = jsonSchemaOf(response)
  if (Object.keys(response.content).length === 0) {
    return body === undefined || body === ''
      ? undefined
      : `status ${status} of ${operation.operationId} has no body`
  }
  if (!schema) return undefined
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const onlyJson = Object.keys(response.content).every((type) => /json/.test(type))
    return onlyJson ? `status ${status} of ${operation.operationId} answers JSON, not text` : undefined
  }
  const result = validator.validate(`${operation.operationId} ${status} response`, schema, body, 'response')
  return result.ok ? undefined : result.errors.slice(0, 25).join('; ')
}

/**
 * A schema-valid body for a response: the description's examples first, then a value
 * generated from the schema. Recorded as a violation when nothing valid can be produced.
 */
export function buildDefault(
  operation: Operation,
  status: number,
  validator: SpecValidator,
  violations: string[],
): unknown {
  const response = findResponse(operation, status)
  if (!response) return undefined
  const media = Object.entries(response.content).find(([type]) => /json/.test(type))?.[1]
  if (!media?.schema) return media ? '' : undefined
  const schema = media.schema
  const key = `${operation.operationId} ${status} response`
  const candidates: (() => unknown)[] = [
    ...(media.examples ?? []).map((example) => () => example),
    ...(media.example !== undefined ? [() => media.example] : []),
  ]
  const branches = Math.max(1, ((schema.oneOf ?? schema.anyOf ?? []) as unknown[]).length)
  for (const useExamples of [true, false]) {
    for (let branch = 0; branch < branches; branch++) {
      candidates.push(() => sampleFromSchema(schema, validator.spec.schemaRoot, { useExamples, branch }))
    }
  }
  for (const candidate of candidates) {
    const value = candidate()
    if (validator.validate(key, schema, value, 'response').ok) return value
  }
  const fallback = sampleFromSchema(schema, validator.spec.schemaRoot, { useExamples: false, branch: 0 })
  const result = validator.validate(key, schema, fallback, 'response')
  violations.push(
    `${operation.operationId}: the fake cannot build a valid default ${status} body: ${result.errors.join('; ')}`,
  )
  return fallback
}

function assignIds(body: unknown, next: () => number): unknown {
  const assign = (value: unknown) => {
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      typeof (value as any).id === 'number'
    ) {
      ;(value as any).id = next()
    }
  }
  if (Array.isArray(body)) body.forEach(assign)
  else assign(body)
  return body
}

function errorMessage(status: number): string {
  if (status === 401) return 'Bad credentials'
  if (status === 403) return 'API rate limit exceeded'
  if (status === 404) return 'Not Found'
  if (status === 422) return 'Validation Failed'
  return status >= 500 ? 'Server Error' : 'Error'
}

export type { Spec, Operation }
