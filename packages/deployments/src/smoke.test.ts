import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { silentLogger } from '@pipeline-kit/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmokeVerifier } from './smoke'

let server: Server
let base = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/ok' ? 200 : 503).end(req.url === '/ok' ? 'release r2' : 'down')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const probe = (contains: string[] = []) => ({
  expect: { status: [{ from: 200, to: 299 }], bodyContains: contains, bodyRegex: [], json: [], headers: [] },
  timeoutMs: 1500,
  requestTimeoutMs: 1000,
  intervalMs: 50,
  maxIntervalMs: 100,
  samples: 1,
  followRedirects: true,
  insecureTls: false,
})

describe('createSmokeVerifier', () => {
  it('passes against a real server and renders the report', async () => {
    const smoke = createSmokeVerifier({ urls: [`${base}/ok`], probe: probe(['r2']) }, silentLogger)
    expect(await smoke.verify()).toEqual({ ok: true, message: '1 smoke check passed' })
    expect(smoke.renderSummary()).toContain('## Smoke checks: ✅ passed')
  })

  it('names the failing URL and assertion', async () => {
    const smoke = createSmokeVerifier({ urls: [`${base}/ok`, `${base}/down`], probe: probe() }, silentLogger)
    const outcome = await smoke.verify()
    expect(outcome.ok).toBe(false)
    expect(outcome.message).toMatch(
      new RegExp(`Smoke check of ${base}/down failed: status: not ready after \\d+ attempts?`),
    )
    expect(smoke.lastReport()?.failedCount).toBe(1)
  })
})
