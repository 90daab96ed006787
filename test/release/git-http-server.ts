import { spawn } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GitHttpServer {
  /** http://127.0.0.1:<port> */
  readonly url: string
  /** The Authorization header of every request, in order (undefined when none was sent). */
  readonly authorizations: (string | undefined)[]
  close(): Promise<void>
}

/**
 * Serves the bare repositories under `root` over smart HTTP with git's own
 * `git http-backend` (as a CGI), answering 401 to any request without
 * `Authorization: basic base64(<user>:<password>)`, as GitHub does for a private repository.
 */
export async function startGitHttpServer(
  root: string,
  credential: { readonly user: string; readonly password: string },
): Promise<GitHttpServer> {
  const expected = `basic ${Buffer.from(`${credential.user}:${credential.password}`).toString('base64')}`
  const authorizations: (string | undefined)[] = []
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization)
    if (req.headers.authorization?.toLowerCase() !== expected.toLowerCase()) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('authentication required\n')
      return
    }
    serveCgi(root, credential.user, req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function serveCgi(root: string, user: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: user,
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  req.pipe(cgi.stdin)
  let head = Buffer.alloc(0)
  let headersSent = false
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) return void res.write(chunk)
    head = Buffer.concat([head, chunk])
    const crlf = head.indexOf('\r\n\r\n')
    const lf = head.indexOf('\n\n')
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf
    if (end < 0) return
    const separator = end === crlf ? 4 : 2
    let status = 200
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':')
      const name = line.slice(0, colon).trim()
      const value = line.slice(colon + 1).trim()
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10)
      else res.setHeader(name, value)
    }
    res.writeHead(status)
    headersSent = true
    res.write(head.subarray(end + separator))
  })
  cgi.on('close', () => res.end())
}
