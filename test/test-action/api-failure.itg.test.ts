// The built test action when the GitHub API fails: the results (outputs, job summary,
// workflow annotations) are out whatever the API does, an API failure after retries is one
// warning naming the call (or fails the step with fail-on-api-error), a request that is never
// answered times out, and a malformed report is reported without any API call.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUrl, faults, startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun } from '../harness'

function workspaceWith(files: Record<string, string>): string {
  const ws = mkdtempSync(join(tmpdir(), 'pk-test-api-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true })
    writeFileSync(join(ws, path), content)
  }
  return ws
}

const report = (cases: string) =>
  `<?xml version="1.0"?>\n<testsuites><testsuite name="api">\n${cases}\n</testsuite></testsuites>\n`
const failing = `<testcase classname="api" name="creates" time="0.5"><failure message="boom">Error: boom\n    at Object.test (src/api.test.ts:3:9)</failure></testcase>`
const passing = `<testcase classname="api" name="lists" time="0.25"/>`

// Short waits so four attempts take well under a second; the policy is the same as in production.
const fastRetries = { PIPELINE_KIT_API_BACKOFF_MS: '10', PIPELINE_KIT_API_TIMEOUT_MS: '2000' }

function run(apiUrl: string, cases: string, inputs: Record<string, string> = {}, env = {}) {
  const workspace = workspaceWith({ 'src/api.test.ts': 'x\n'.repeat(10), 'junit.xml': report(cases) })
  return runActionBundle({
    action: 'test',
    workspace,
    inputs: { reports: 'junit.xml', 'github-token': 'ghs_test', ...inputs },
    env: { GITHUB_API_URL: apiUrl, ...fastRetries, ...env },
    timeoutMs: 60_000,
  })
}

const warnings = (r: ActionRun) => r.annotations.filter((a) => a.level === 'warning' && !a.file)

/** What every API failure must leave: the results, and the annotations as workflow commands. */
function expectResultsWritten(r: ActionRun, detail: string) {
  expect(r.outputs).toMatchObject({ total: '2', passed: '1', failed: '1', conclusion: 'failure' })
  expect(r.outputs['check-run-url']).toBe('')
  expect(r.summary).toContain('1 failed')
  expect(r.summary).toContain("The check run 'Test results' was not published")
  expect(r.summary).toContain(detail)
  expect(r.annotations.filter((a) => a.file)).toEqual([
    expect.objectContaining({ level: 'error', file: 'src/api.test.ts', line: 3, message: 'boom' }),
  ])
  // The verdict is the tests': one failure line, and it is about the tests.
  expect(r.exitCode).toBe(1)
  expect(r.failures).toEqual(['Tests failed: 1 failed of 2 tests'])
}

describe('test action when the GitHub API fails', () => {
  let gh: GitHubFake
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_test' })
  })
  afterAll(() => gh.close())

  it('API answering 500: results written, one warning naming the call and "500 after 4 attempts"', async () => {
    gh.reset()
    gh.on('checks/create', faults.status(500, 'Server Error'))
    const r = await run(gh.url, [failing, passing].join('\n'))
    expect(gh.violations).toEqual([])
    expect(gh.calls('checks/create')).toHaveLength(4)
    const message = "Could not publish check run 'Test results': 500 after 4 attempts"
    expect(warnings(r).map((w) => w.message)).toEqual([message])
    expectResultsWritten(r, '500 after 4 attempts')
  })

  it('API unreachable (nothing listens on the port): the same, with the connection error', async () => {
    const url = await closedPortUrl()
    const r = await run(url, [failing, passing].join('\n'))
    const port = new URL(url).port
    expect(warnings(r).map((w) => w.message)).toEqual([
      `Could not publish check run 'Test results': connect ECONNREFUSED 127.0.0.1:${port} after 4 attempts`,
    ])
    expectResultsWritten(r, 'ECONNREFUSED')
  })

  it('API that accepts the request and never answers: each attempt times out and the step finishes', async () => {
    gh.reset()
    gh.on('checks/create', faults.hang())
    const r = await run(gh.url, [failing, passing].join('\n'), {}, { PIPELINE_KIT_API_TIMEOUT_MS: '300' })
    expect(gh.calls('checks/create')).toHaveLength(4)
    expect(warnings(r).map((w) => w.message)).toEqual([
      "Could not publish check run 'Test results': no answer within 300ms after 4 attempts",
    ])
    expectResultsWritten(r, 'no answer within 300ms')
  })

  it('fail-on-api-error: true fails the step with that message once the results are written', async () => {
    gh.reset()
    gh.on('checks/create', faults.status(503))
    const r = await run(gh.url, passing, { 'fail-on-api-error': 'true' })
    expect(gh.violations).toEqual([])
    expect(r.outputs).toMatchObject({ total: '1', passed: '1', conclusion: 'success', 'check-run-url': '' })
    expect(r.summary).toContain("The check run 'Test results' was not published")
    expect(r.exitCode).toBe(1)
    expect(r.failures).toEqual(["Could not publish check run 'Test results': 503 after 4 attempts"])
    expect(warnings(r)).toEqual([])
  })

  it('a 500 that clears on the second attempt publishes the check run with no warning', async () => {
    gh.reset()
    let calls = 0
    gh.on('checks/create', () => (++calls === 1 ? { status: 502 } : { status: 201 }))
    const r = await run(gh.url, passing)
    expect(gh.violations).toEqual([])
    expect(gh.calls('checks/create')).toHaveLength(2)
    expect(r.exitCode).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(r.outputs['check-run-url']).toMatch(/^https?:\/\//)
  })

  it('a malformed report: its own error is shown and no API call is made', async () => {
    gh.reset()
    gh.off('checks/create')
    const workspace = workspaceWith({
      'good.xml': report(passing),
      'bad.xml': '<?xml version="1.0"?>\n<testsuites><testsuite name="x"><testcase name="a">',
    })
    const r = await runActionBundle({
      action: 'test',
      workspace,
      inputs: { reports: '*.xml', 'github-token': 'ghs_test' },
      env: { GITHUB_API_URL: gh.url, ...fastRetries },
      timeoutMs: 60_000,
    })
    expect(gh.requests).toEqual([])
    expect(r.exitCode).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    expect(errors.join('\n')).toMatch(/1 report\(s\) could not be read[\s\S]*bad\.xml/)
    expect(r.outputs).toMatchObject({ total: '1', passed: '1' })
    expect(r.summary).not.toBe('')
  })
})
