import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { sendRequest } from './http-request'

interface Received {
  readonly path?: string
  readonly headers: http.IncomingHttpHeaders
}

const servers: http.Server[] = []
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))))

/** A real server on 127.0.0.1 that records what it received and answers with `reply`. */
async function serve(reply: (path: string) => { status: number; location?: string }) {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    received.push({ path: req.url, headers: req.headers })
    const { status, location } = reply(req.url ?? '/')
    res.writeHead(status, location ? { location } : {}).end('ok')
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { received, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const credentials = (r: Received) => [
  r.headers.authorization,
  r.headers.cookie,
  r.headers['proxy-authorization'],
]
const spec = (url: string, headers: Record<string, string> = {}) => ({
  url,
  method: 'GET',
  headers,
  timeoutMs: 5000,
  followRedirects: true,
  insecureTls: false,
})

describe('sendRequest redirects', () => {
  it('drops Authorization, Cookie and Proxy-Authorization on a redirect to another origin (another port)', async () => {
    const other = await serve(() => ({ status: 200 }))
    const first = await serve((path) =>
      path === '/start' ? { status: 302, location: '/next' } : { status: 307, location: `${other.origin}/x` },
    )
    const response = await sendRequest(
      spec(`${first.origin}/start`, {
        Authorization: 'Bearer tok',
        cookie: 'session=1',
        'Proxy-Authorization': 'Basic cDpx',
        'X-Trace': 'kept',
      }),
    )
    expect(response.status).toBe(200)
    expect(response.finalUrl).toBe(`${other.origin}/x`)
    expect(first.received.map(credentials)).toEqual([
      ['Bearer tok', 'session=1', 'Basic cDpx'],
      ['Bearer tok', 'session=1', 'Basic cDpx'],
    ])
    expect(other.received.map(credentials)).toEqual([[undefined, undefined, undefined]])
    expect(other.received[0]!.headers['x-trace']).toBe('kept')
  })

  it('sends the URL user:password to the same origin only, absolute Location included', async () => {
    const other = await serve(() => ({ status: 200 }))
    let back = ''
    const first = await serve((path) =>
      path === '/start'
        ? { status: 301, location: `${back}/again` }
        : path === '/again'
          ? { status: 302, location: `${other.origin}/x` }
          : { status: 200 },
    )
    back = first.origin
    const url = new URL(`${first.origin}/start`)
    url.username = 'deploy'
    url.password = 'S3cret'
    await sendRequest(spec(url.toString()))
    const basic = `Basic ${Buffer.from('deploy:S3cret').toString('base64')}`
    expect(first.received.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/start', basic],
      ['/again', basic],
    ])
    expect(other.received.map((r) => r.headers.authorization)).toEqual([undefined])
  })

  it('keeps the credentials dropped when a chain comes back to the first origin', async () => {
    let firstOrigin = ''
    const other = await serve(() => ({ status: 302, location: `${firstOrigin}/back` }))
    const first = await serve((path) =>
      path === '/start' ? { status: 302, location: `${other.origin}/x` } : { status: 200 },
    )
    firstOrigin = first.origin
    await sendRequest(spec(`${first.origin}/start`, { authorization: 'Bearer tok' }))
    expect(first.received.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/start', 'Bearer tok'],
      ['/back', undefined],
    ])
    expect(other.received.map((r) => r.headers.authorization)).toEqual([undefined])
  })
})
