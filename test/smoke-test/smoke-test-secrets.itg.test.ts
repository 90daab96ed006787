import type { IncomingHttpHeaders } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { expectSecretNowhere, runActionBundle } from '../harness'
import { sendJson, startServer, type TestServer } from './test-servers'

const servers: TestServer[] = []
afterAll(async () => Promise.all(servers.map((s) => s.close())))
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

const PASSWORD = 'S3cretPassw0rd'
const credentialHeaders = (headers: IncomingHttpHeaders) => ({
  authorization: headers.authorization,
  cookie: headers.cookie,
  'proxy-authorization': headers['proxy-authorization'],
})

describe('smoke-test never shows a secret', () => {
  it('a URL with a password: redacted in attempt lines, summary, report and annotation titles', async () => {
    const seen: (string | undefined)[] = []
    const server = await serve((req, res) => {
      seen.push(req.headers.authorization)
      sendJson(res, 503, { status: 'starting' })
    })
    const url = `http://deploy:${PASSWORD}@127.0.0.1:${server.port}/health`
    const shown = `http://deploy:***@127.0.0.1:${server.port}/health`
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: url, timeout: '1s', interval: '100ms' },
    })
    expect(run.exitCode).toBe(1)
    expect(seen[0]).toBe(`Basic ${Buffer.from(`deploy:${PASSWORD}`).toString('base64')}`)
    expect(run.masks).toContain(PASSWORD)
    expect(run.stdout).toContain(`GET ${shown}: attempt 1 not ready (status 503 is not in 200-299)`)
    expect(run.summary).toContain(shown)
    expect(JSON.parse(run.outputs.report!).targets[0].url).toBe(shown)
    expect(run.annotations.filter((a) => a.title).map((a) => a.title)).toEqual([`Smoke test GET ${shown}`])
    expectSecretNowhere(run, PASSWORD)
  })

  it('an invalid URL with a password: the error shows it redacted', async () => {
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: `http://deploy:${PASSWORD}@127.0.0.1:99999/health` },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      "Input 'urls' has invalid value 'http://deploy:***@127.0.0.1:99999/health': expected an absolute URL starting with http:// or https://",
    ])
    expect(run.masks).toContain(PASSWORD)
    expectSecretNowhere(run, PASSWORD)
  })

  it('a malformed headers line holding a token: named by its line number, never echoed', async () => {
    const token = 'tok-9f8e7d6c5b4a'
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: 'http://127.0.0.1:1/', headers: `Accept: application/json\nX Token: ${token}` },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      "Input 'headers' has an invalid line 2 (not shown: it may hold a secret): expected 'Name: value' lines with a valid HTTP header name",
    ])
    expect(run.masks).toContain(`X Token: ${token}`)
    expectSecretNowhere(run, token)
  })

  it('a cross-origin redirect drops Authorization, Cookie and Proxy-Authorization; a same-origin one keeps them', async () => {
    const other: IncomingHttpHeaders[] = []
    const target = await serve((req, res) => {
      other.push(req.headers)
      sendJson(res, 200, { landed: true })
    })
    const first: { url?: string; headers: IncomingHttpHeaders }[] = []
    const origin = await serve((req, res) => {
      first.push({ url: req.url, headers: req.headers })
      if (req.url === '/start') res.writeHead(302, { location: '/moved' }).end()
      else res.writeHead(302, { location: `${target.url}/landing` }).end()
    })
    const token = 'Bearer tok-5e4d3c2b1a'
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: `http://deploy:${PASSWORD}@127.0.0.1:${origin.port}/start`,
        headers: `Authorization: ${token}\nCookie: session=c00kie-value\nProxy-Authorization: Basic cHJveHk6cGFzcw==`,
        'expect-json': 'landed=true',
      },
    })
    expect(run.exitCode).toBe(0)
    expect(first.map((r) => r.url)).toEqual(['/start', '/moved'])
    for (const { headers } of first) {
      expect(credentialHeaders(headers)).toEqual({
        authorization: token,
        cookie: 'session=c00kie-value',
        'proxy-authorization': 'Basic cHJveHk6cGFzcw==',
      })
    }
    expect(other).toHaveLength(1)
    expect(credentialHeaders(other[0]!)).toEqual({
      authorization: undefined,
      cookie: undefined,
      'proxy-authorization': undefined,
    })

    const basic = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: `http://deploy:${PASSWORD}@127.0.0.1:${origin.port}/start`,
        'expect-json': 'landed=true',
      },
    })
    expect(basic.exitCode).toBe(0)
    const userinfo = `Basic ${Buffer.from(`deploy:${PASSWORD}`).toString('base64')}`
    expect(first.slice(2).map((r) => r.headers.authorization)).toEqual([userinfo, userinfo])
    expect(other).toHaveLength(2)
    expect(other[1]!.authorization).toBeUndefined()
    expectSecretNowhere(run, PASSWORD)
    expectSecretNowhere(basic, PASSWORD)
  })
})
