import { afterAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { freePort, selfSignedCertificate, sendJson, startServer, type TestServer } from './test-servers'

const servers: TestServer[] = []
afterAll(async () => Promise.all(servers.map((s) => s.close())))
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args)
  servers.push(server)
  return server
}
const report = (run: ActionRun) => JSON.parse(run.outputs.report!)

describe('smoke-test against real HTTP servers', () => {
  it('passes every assertion on a healthy JSON service and writes outputs and summary', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/health')
        sendJson(res, 200, { status: 'ok', checks: [{ healthy: true }] }, { 'x-version': '1.2.3' })
      else sendJson(res, 404, {})
    })
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: `${server.url}/health`,
        'expect-json': 'status=ok\n$.checks[0].healthy=true',
        'expect-headers': 'x-version: 1.2.3\ncontent-type',
        'expect-body-contains': '"ok"',
        'expect-body-regex': '"status":\\s*"ok"',
        samples: '5',
        'max-latency': '5s',
        'p95-latency': '5s',
      },
    })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(run.outputs['failed-count']).toBe('0')
    const r = report(run)
    expect(r.targets[0].samples).toHaveLength(5)
    expect(r.targets[0].latency.count).toBe(5)
    expect(server.count()).toBe(5)
    expect(run.summary).toContain('Smoke test: ✅ passed')
    expect(run.summary).toContain(`${server.url}/health`)
  })

  it('waits for a service that is slow to become ready, with backoff', async () => {
    const server = await serve((_req, res, n) =>
      n < 4 ? sendJson(res, 503, { status: 'starting' }) : sendJson(res, 200, { status: 'ok' }),
    )
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: server.url, interval: '50ms', timeout: '30s', 'expect-json': 'status=ok' },
    })
    expect(run.exitCode).toBe(0)
    const attempts = report(run).targets[0].attempts
    expect(attempts.map((a: { status: number }) => a.status)).toEqual([503, 503, 503, 200])
    expect(run.stdout).toContain('attempt 1 not ready (status 503 is not in 200-299')
  })

  it('fails with an annotation per failed assertion when the body is wrong until the deadline', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { status: 'degraded', version: 2 }))
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: server.url,
        timeout: '1s',
        interval: '100ms',
        'expect-json': 'status=ok\nversion=3',
        'expect-body-contains': 'healthy',
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.passed).toBe('false')
    expect(run.outputs['failed-count']).toBe('3')
    const errors = run.annotations.filter((a) => a.level === 'error' && a.title)
    expect(errors.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^body-contains: not ready after \d+ attempts in 1s: body does not contain "healthy"$/,
      ),
      expect.stringMatching(/json: .*JSON path status is "degraded", expected ok$/),
      expect.stringMatching(/json: .*JSON path version is 2, expected 3$/),
    ])
    expect(run.failures).toEqual(['Smoke test failed: 3 assertion(s) on 1 of 1 target(s)'])
    expect(run.summary).toContain('❌ failed (3 assertions)')
    expect(run.stderr).not.toMatch(/at .*index\.js/)
  })

  it('accepts a flaky service once it answers, and reports a flaky sample as a failure', async () => {
    const server = await serve((_req, res, n) =>
      n === 3 ? sendJson(res, 500, { error: 'boom' }) : sendJson(res, 200, {}),
    )
    const run = await runActionBundle({ action: 'smoke-test', inputs: { urls: server.url, samples: '4' } })
    expect(run.exitCode).toBe(1)
    expect(report(run).targets[0].failures).toEqual([
      { assertion: 'status', message: 'sample 3/4: status 500 is not in 200-299' },
    ])
  })

  it('checks the latency budget over the samples of a slow service', async () => {
    const server = await serve((_req, res) => setTimeout(() => sendJson(res, 200, {}), 300))
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: server.url, samples: '3', 'max-latency': '100ms', 'p95-latency': '100ms' },
    })
    expect(run.exitCode).toBe(1)
    const failures = report(run).targets[0].failures.map((f: { assertion: string }) => f.assertion)
    expect(failures).toEqual(['max-latency', 'p95-latency'])
    expect(report(run).targets[0].latency.min).toBeGreaterThanOrEqual(300)
  })

  it('follows redirects by default and can assert on the redirect itself', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' })
        res.end()
      } else sendJson(res, 200, { page: 'new' })
    })
    const followed = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: `${server.url}/old`, 'expect-json': 'page=new' },
    })
    expect(followed.exitCode).toBe(0)
    expect(report(followed).targets[0].attempts[0].status).toBe(200)
    const manual = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: `${server.url}/old`,
        'follow-redirects': 'false',
        'expect-status': '301',
        'expect-headers': 'location: /new',
      },
    })
    expect(manual.exitCode).toBe(0)
  })

  it('sends method, masked headers and body', async () => {
    let seen: { method?: string; auth?: string; body?: string } = {}
    const server = await serve((req, res) => {
      seen = {
        method: req.method,
        auth: req.headers.authorization,
        body: (req as typeof req & { body: string }).body,
      }
      sendJson(res, 201, { created: true })
    })
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        urls: server.url,
        method: 'POST',
        headers: 'Authorization: Bearer s3cr3t-token',
        body: '{"ping":1}',
        'expect-status': '201',
      },
    })
    expect(run.exitCode).toBe(0)
    expect(seen).toEqual({ method: 'POST', auth: 'Bearer s3cr3t-token', body: '{"ping":1}' })
    expect(run.masks).toContain('Bearer s3cr3t-token')
  })

  it('reports connection refused clearly after the deadline', async () => {
    const port = await freePort()
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: `http://127.0.0.1:${port}/`, timeout: '1s', interval: '100ms' },
    })
    expect(run.exitCode).toBe(1)
    expect(report(run).targets[0].failures[0].message).toMatch(
      /^not ready after \d+ attempts in 1s: connection refused by 127\.0\.0\.1:\d+$/,
    )
  })

  it('rejects a self-signed certificate unless insecure-tls is set', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { tls: true }), selfSignedCertificate())
    const strict = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: server.url, timeout: '1s' },
    })
    expect(strict.exitCode).toBe(1)
    expect(report(strict).targets[0].failures[0].message).toMatch(
      /TLS certificate of 127\.0\.0\.1:\d+ was rejected/,
    )
    const insecure = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: server.url, 'insecure-tls': 'true', 'expect-json': 'tls=true' },
    })
    expect(insecure.exitCode).toBe(0)
  })

  it('probes several targets and fails only on the bad one', async () => {
    const good = await serve((_req, res) => sendJson(res, 200, {}))
    const bad = await serve((_req, res) => sendJson(res, 500, {}))
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { urls: `${good.url}/a\n${bad.url}/b`, timeout: '1s' },
    })
    expect(run.exitCode).toBe(1)
    expect(report(run).targets.map((t: { passed: boolean }) => t.passed)).toEqual([true, false])
    expect(run.failures[0]).toBe('Smoke test failed: 1 assertion(s) on 1 of 2 target(s)')
  })
})

describe('smoke-test rejects bad inputs with a clear message', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'a URL without scheme',
      { urls: 'example.com/health' },
      "Input 'urls' has invalid value 'example.com/health': expected an absolute URL starting with http:// or https://",
    ],
    [
      'a non-HTTP scheme',
      { urls: 'ftp://example.com' },
      "Input 'urls' has invalid value 'ftp://example.com': expected an http:// or https:// URL",
    ],
    [
      'an open status range',
      { urls: 'http://127.0.0.1', 'expect-status': '200-' },
      "Input 'expect-status' has invalid value '200-': expected a status code (100-599) or a range like 200-299",
    ],
    [
      'a negative timeout',
      { urls: 'http://127.0.0.1', timeout: '-5s' },
      "Input 'timeout' has invalid value '-5s': expected a duration like 500ms, 30s, 2m or 1h from 1s to 6h",
    ],
    [
      'an unknown method',
      { urls: 'http://127.0.0.1', method: 'FETCH' },
      "Input 'method' has invalid value 'FETCH': expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    ],
    [
      'no URL and no image',
      {},
      "Input 'urls' is empty: give at least one URL to probe, or an 'image' to start and probe",
    ],
    [
      'a bad regex',
      { urls: 'http://127.0.0.1', 'expect-body-regex': '(' },
      "Input 'expect-body-regex' has invalid value '(': expected a valid JavaScript regular expression",
    ],
    [
      'samples out of range',
      { urls: 'http://127.0.0.1', samples: '0' },
      "Input 'samples' has invalid value '0': expected a value from 1 to 1000",
    ],
    [
      'a non-boolean',
      { urls: 'http://127.0.0.1', 'insecure-tls': 'yes' },
      "Input 'insecure-tls' has invalid value 'yes': expected true or false",
    ],
  ]
  it.each(cases)('%s', async (_name, inputs, message) => {
    const run = await runActionBundle({ action: 'smoke-test', inputs })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toHaveLength(1)
    expect(run.failures[0]).toContain(message)
    expect(run.stderr).toBe('')
    expect(run.outputs).toEqual({})
  })
})
