import { readFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export { freePort } from '@pipeline-kit/workflow-runner'

export interface TestServer {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

async function listen(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Serves `<root>/current/index.html` (what an ssh-deployed site would serve), 404 without it. */
export function serveCurrentRelease(root: string): Promise<TestServer> {
  return listen(
    createServer((_req, res) => {
      try {
        res.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(`${root}/current/index.html`))
      } catch {
        res.writeHead(404).end('no current release')
      }
    }),
  )
}

/**
 * A reverse proxy to 127.0.0.1:<port>, the port read from a file on every request (the
 * file the deploy action's proxy-reload command writes). 502 while it has no upstream.
 */
export function startFileProxy(upstreamFile: string): Promise<TestServer> {
  return listen(
    createServer((req, res) => {
      let port: number
      try {
        port = Number(readFileSync(upstreamFile, 'utf8').trim())
      } catch {
        res.writeHead(502).end('no upstream')
        return
      }
      const upstream = request(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers)
          r.pipe(res)
        },
      )
      upstream.on('error', () => res.writeHead(502).end('upstream down'))
      req.pipe(upstream)
    }),
  )
}

/** GETs a URL; the trimmed body, or 'down: <reason>' when nothing answers. */
export async function fetchBody(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) })
    return `${response.status} ${(await response.text()).trim()}`
  } catch (error) {
    return `down: ${(error as Error).message}`
  }
}

/** A server that accepts every request and never answers (a smoke URL that hangs). */
export function startHangingServer(): Promise<TestServer> {
  const server = createServer(() => {})
  return listen(server).then((s) => ({
    ...s,
    close: () => {
      server.closeAllConnections()
      return s.close()
    },
  }))
}
