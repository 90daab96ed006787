import http from 'node:http'
import https from 'node:https'

export interface HttpRequestSpec {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  readonly timeoutMs: number
  readonly followRedirects: boolean
  /** Accept self-signed or otherwise unverifiable TLS certificates (opt-in). */
  readonly insecureTls: boolean
  /** Keep at most this many bytes of the body for assertions. */
  readonly maxBodyBytes?: number
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** Time from sending the request to the last body byte, redirects included. */
  readonly latencyMs: number
  /** URLs visited before the final one. */
  readonly redirects: readonly string[]
  readonly finalUrl: string
}

/** A request that got no HTTP response: refused, reset, timed out, TLS rejected. */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
    this.name = 'HttpRequestError'
  }
}

const MAX_REDIRECTS = 10

/** Headers that carry credentials: never sent on to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization'])

/**
 * Sends one HTTP(S) request with a whole-request timeout, following redirects if asked.
 * A redirect to another origin (scheme, host and port) drops the credentials (the
 * Authorization, Cookie and Proxy-Authorization headers and the URL's user:password) for
 * the rest of the chain, as fetch does; same-origin redirects keep them.
 */
export async function sendRequest(spec: HttpRequestSpec): Promise<HttpResponse> {
  const started = performance.now()
  const redirects: string[] = []
  let url = spec.url
  let method = spec.method
  let body = spec.body
  let headers = spec.headers
  for (;;) {
    const remaining = spec.timeoutMs - (performance.now() - started)
    if (remaining <= 0) throw new HttpRequestError(`no response within ${spec.timeoutMs} ms`, 'ETIMEDOUT')
    const response = await sendOnce({ ...spec, url, method, body, headers }, remaining)
    const location = response.headers.location
    if (spec.followRedirects && location && response.status >= 300 && response.status < 400) {
      if (redirects.length >= MAX_REDIRECTS)
        throw new HttpRequestError(`more than ${MAX_REDIRECTS} redirects`, 'EREDIRECTS')
      redirects.push(url)
      const next = followLocation(url, location)
      if (next.crossOrigin) headers = withoutCredentials(headers)
      url = next.url
      // 303 (and, as browsers do, 301/302 for POST) turn into GET without a body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET'
        body = undefined
      }
      continue
    }
    return { ...response, latencyMs: performance.now() - started, redirects, finalUrl: url }
  }
}

/** The URL a Location points to; to the same origin it keeps the user:password of the current URL. */
function followLocation(current: string, location: string): { url: string; crossOrigin: boolean } {
  const from = new URL(current)
  const next = new URL(location, from)
  if (next.origin !== from.origin) {
    next.username = ''
    next.password = ''
    return { url: next.toString(), crossOrigin: true }
  }
  if (!next.username && !next.password) {
    next.username = from.username
    next.password = from.password
  }
  return { url: next.toString(), crossOrigin: false }
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())),
  )
}

function sendOnce(
  spec: HttpRequestSpec,
  timeoutMs: number,
): Promise<Pick<HttpResponse, 'status' | 'headers' | 'body'>> {
  const target = new URL(spec.url)
  const client = target.protocol === 'https:' ? https : http
  const maxBody = spec.maxBodyBytes ?? 1024 * 1024
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': 'pipeline-kit-smoke-test', ...spec.headers }
    if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body))
    const request = client.request(
      target,
      {
        method: spec.method,
        headers,
        rejectUnauthorized: !spec.insecureTls,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = []
        let kept = 0
        response.on('data', (chunk: Buffer) => {
          if (kept < maxBody) {
            chunks.push(chunk.subarray(0, maxBody - kept))
            kept += Math.min(chunk.length, maxBody - kept)
          }
        })
        response.on('end', () => {
          clearTimeout(timer)
          const flat: Record<string, string> = {}
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: flat,
            body: Buffer.concat(chunks).toString('utf8'),
          })
        })
        response.on('error', (error) => fail(error))
      },
    )
    const fail = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      request.destroy()
      reject(toRequestError(error, target))
    }
    const timer = setTimeout(() => {
      request.destroy(new HttpRequestError(`no response within the request timeout`, 'ETIMEDOUT'))
    }, timeoutMs)
    request.on('error', fail)
    if (spec.body !== undefined) request.write(spec.body)
    request.end()
  })
}

function toRequestError(error: NodeJS.ErrnoException, target: URL): HttpRequestError {
  if (error instanceof HttpRequestError) return error
  const code = error.code ?? 'EUNKNOWN'
  const where = `${target.host}`
  if (code === 'ECONNREFUSED') return new HttpRequestError(`connection refused by ${where}`, code)
  if (code === 'ECONNRESET') return new HttpRequestError(`connection reset by ${where}`, code)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new HttpRequestError(`host ${target.hostname} not found`, code)
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new HttpRequestError(
      `TLS certificate of ${where} was rejected (${code}); set insecure-tls: true only for a test endpoint you trust`,
      code,
    )
  }
  return new HttpRequestError(`${error.message} (${code})`, code)
}
