import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the proxy fails a request: an HTTP status, or a TCP reset before any answer. */
export type FlakyFailure = { readonly status: number } | { readonly reset: true }

/** Which requests a failure rule applies to. */
export type RequestMatcher = (method: string, path: string) => boolean

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  readonly method: string
  readonly path: string
  /** The status sent (the upstream's when forwarded), or 'reset'. */
  readonly outcome: number | 'reset'
  readonly forwarded: boolean
}

/** A proxy on 127.0.0.1 in front of a real HTTP server, failing chosen requests. */
export interface FlakyProxy {
  /** host:port of the proxy. */
  readonly server: string
  /** Every request seen, in order. */
  readonly requests: ProxiedRequest[]
  /**
   * Fails the next `count` requests that `matches` accepts (every request by default).
   * Rules apply in the order they were added; a request takes the first rule with
   * failures left that matches it, and is forwarded when none does.
   */
  fail(count: number, failure: FlakyFailure, matches?: RequestMatcher): void
  /** Requests the proxy failed rather than forwarded. */
  failed(): ProxiedRequest[]
  stop(): Promise<void>
}

/** The registry API's error codes, so a 4xx carries the error document a registry sends. */
const REGISTRY_ERROR_CODES: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  404: 'MANIFEST_UNKNOWN',
  429: 'TOOMANYREQUESTS',
}

/** Requests for a manifest (pull: HEAD and GET; push: PUT) of any repository. */
export const manifestRequests =
  (...methods: readonly string[]): RequestMatcher =>
  (method, path) =>
    methods.includes(method) && /^\/v2\/.+\/manifests\//.test(path)

/**
 * Starts a plain HTTP proxy on a free loopback port that forwards every request to
 * `upstream` (host:port) unchanged, Host header included (so a registry's upload
 * Location URLs name the proxy), except those a `fail` rule picks: those get the
 * status (a 4xx with a registry error document, a 5xx in plain text as a load
 * balancer sends it) or a TCP reset.
 */
export async function startFlakyProxy(upstream: string): Promise<FlakyProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':') as [string, string]
  const requests: ProxiedRequest[] = []
  const rules: { left: number; failure: FlakyFailure; matches: RequestMatcher }[] = []

  const forward = (incoming: IncomingMessage, response: ServerResponse) => {
    const outgoing = request(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        requests.push({
          method: incoming.method ?? '',
          path: incoming.url ?? '',
          outcome: answer.statusCode ?? 0,
          forwarded: true,
        })
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    outgoing.on('error', () => response.destroy())
    incoming.pipe(outgoing)
  }

  const server: Server = createServer((incoming, response) => {
    const method = incoming.method ?? ''
    const path = incoming.url ?? ''
    const rule = rules.find((r) => r.left > 0 && r.matches(method, path))
    if (!rule) return forward(incoming, response)
    rule.left--
    const { failure } = rule
    if ('reset' in failure) {
      requests.push({ method, path, outcome: 'reset', forwarded: false })
      incoming.socket.resetAndDestroy()
      return
    }
    requests.push({ method, path, outcome: failure.status, forwarded: false })
    incoming.resume()
    const code = REGISTRY_ERROR_CODES[failure.status]
    response.writeHead(failure.status, {
      'content-type': code ? 'application/json' : 'text/plain',
      connection: 'close',
    })
    response.end(
      code
        ? JSON.stringify({ errors: [{ code, message: `flaky proxy: ${failure.status}`, detail: null }] })
        : `flaky proxy: ${failure.status}\n`,
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server: `127.0.0.1:${port}`,
    requests,
    fail: (count, failure, matches = () => true) => void rules.push({ left: count, failure, matches }),
    failed: () => requests.filter((r) => !r.forwarded),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
