import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle } from '../harness'
import { writeJUnitReport } from '../test-action/generate-junit'

// Self-hosted runners behind a proxy set https_proxy/http_proxy. undici, which serves the
// proxy dispatcher, sits in a chunk loaded on demand: this proves the bundle loads it and
// sends every GitHub call through the proxy.

let gh: GitHubFake
let proxy: Server
let ws: string
const tunnels: string[] = []

beforeAll(async () => {
  gh = await startGitHubFake({ token: 'ghs_proxy' })
  const fakePort = Number(new URL(gh.url).port)
  proxy = createServer((_req, res) => res.writeHead(405).end('CONNECT only'))
  // Any host the client asks for is the fake: the name need not resolve, the proxy resolves it.
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '')
    const upstream = connect(fakePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve))
  await gh.close()
  rmSync(ws, { recursive: true, force: true })
})

it('publishes a check run through http_proxy, loading the proxy code on demand', async () => {
  ws = mkdtempSync(join(tmpdir(), 'pk-proxy-'))
  writeJUnitReport(join(ws, 'junit.xml'), { cases: 4, failEvery: 2 })
  const port = Number(new URL(gh.url).port)
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  const run = await runActionBundle({
    action: 'test',
    workspace: ws,
    inputs: { reports: 'junit.xml', 'github-token': 'ghs_proxy' },
    // Loopback addresses bypass the proxy, so the API is named by a host only the proxy knows.
    env: {
      GITHUB_API_URL: `http://api.github.proxied.test:${port}`,
      http_proxy: proxyUrl,
      https_proxy: proxyUrl,
    },
  })
  expect(gh.violations).toEqual([])
  expect(run.failures).toEqual(['Tests failed: 2 failed of 4 tests'])
  expect(gh.calls('checks/create')).toHaveLength(1)
  expect(tunnels.length).toBeGreaterThan(0)
  expect(new Set(tunnels)).toEqual(new Set([`api.github.proxied.test:${port}`]))
})
