// The built lint action when the GitHub API fails: outputs, job summary and workflow
// annotations are out whatever the API does; an API failure after retries is one warning
// naming the call (or fails the step with fail-on-api-error); a request that is never answered
// times out; a malformed SARIF file is reported without any API call; and the check run
// carries max-annotations findings, the rest listed in the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUrl, faults, startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun } from '../harness'
import { makeWorkspace, writeFiles } from './helpers'

const fastRetries = { PIPELINE_KIT_API_BACKOFF_MS: '10', PIPELINE_KIT_API_TIMEOUT_MS: '2000' }
const findings = (n: number) =>
  Array.from({ length: n }, (_, i) => `src/app.js:${i + 1}:1: E${100 + i} finding number ${i + 1}`).join('\n')

function run(apiUrl: string, lines: string, inputs: Record<string, string> = {}, env = {}) {
  const workspace = makeWorkspace()
  writeFiles(workspace, { 'findings.txt': lines ? `${lines}\n` : '', 'src/app.js': 'x\n'.repeat(200) })
  return runActionBundle({
    action: 'lint',
    workspace,
    env: { GITHUB_API_URL: apiUrl, ...fastRetries, ...env },
    inputs: {
      linters: 'custom',
      'custom-command': 'cat findings.txt',
      'custom-parser': 'text',
      'github-token': 'ghs_lint',
      ...inputs,
    },
    timeoutMs: 60_000,
  })
}

const warnings = (r: ActionRun) => r.annotations.filter((a) => a.level === 'warning' && !a.file)

function expectFindingsWritten(r: ActionRun, detail: string) {
  expect(r.outputs).toMatchObject({ passed: 'false', errors: '2', total: '2', 'check-run-url': '' })
  expect(r.summary).toContain("The check run 'Lint' was not published")
  expect(r.summary).toContain(detail)
  expect(r.annotations.filter((a) => a.file).map((a) => a.line)).toEqual([1, 2])
  expect(r.exitCode).toBe(1)
  expect(r.failures).toHaveLength(1)
  expect(r.failures[0]).not.toContain('Could not')
}

describe('lint action when the GitHub API fails', () => {
  let gh: GitHubFake
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_lint' })
  })
  afterAll(() => gh.close())

  it('API answering 500: findings written, one warning naming the call and "500 after 4 attempts"', async () => {
    gh.reset()
    gh.on('checks/create', faults.status(500))
    const r = await run(gh.url, findings(2))
    expect(gh.violations).toEqual([])
    expect(gh.calls('checks/create')).toHaveLength(4)
    expect(warnings(r).map((w) => w.message)).toEqual([
      "Could not publish check run 'Lint': 500 after 4 attempts",
    ])
    expectFindingsWritten(r, '500 after 4 attempts')
  })

  it('API unreachable: the same, with the connection error', async () => {
    const url = await closedPortUrl()
    const r = await run(url, findings(2))
    expect(warnings(r).map((w) => w.message)).toEqual([
      `Could not publish check run 'Lint': connect ECONNREFUSED 127.0.0.1:${new URL(url).port} after 4 attempts`,
    ])
    expectFindingsWritten(r, 'ECONNREFUSED')
  })

  it('API that never answers: each attempt times out and the step finishes', async () => {
    gh.reset()
    gh.on('checks/create', faults.hang())
    const r = await run(gh.url, findings(2), {}, { PIPELINE_KIT_API_TIMEOUT_MS: '300' })
    expect(gh.calls('checks/create')).toHaveLength(4)
    expect(warnings(r).map((w) => w.message)).toEqual([
      "Could not publish check run 'Lint': no answer within 300ms after 4 attempts",
    ])
    expectFindingsWritten(r, 'no answer within 300ms')
  })

  it('fail-on-api-error: true fails a clean run with that message', async () => {
    gh.reset()
    gh.on('checks/create', faults.status(502))
    const r = await run(gh.url, '', { 'fail-on-api-error': 'true' })
    expect(r.outputs).toMatchObject({ passed: 'true', total: '0', 'check-run-url': '' })
    expect(r.exitCode).toBe(1)
    expect(r.failures).toEqual(["Could not publish check run 'Lint': 502 after 4 attempts"])
    expect(warnings(r)).toEqual([])
  })

  it('a malformed SARIF file: its error is shown and no API call is made', async () => {
    gh.reset()
    gh.off('checks/create')
    const workspace = makeWorkspace()
    writeFiles(workspace, { 'scan.sarif': '{"version": "2.1.0", "runs": [' })
    const r = await runActionBundle({
      action: 'lint',
      workspace,
      env: { GITHUB_API_URL: gh.url, ...fastRetries },
      inputs: { linters: 'sarif', 'sarif-files': 'scan.sarif', 'github-token': 'ghs_lint' },
      timeoutMs: 60_000,
    })
    expect(gh.requests).toEqual([])
    expect(r.exitCode).toBe(1)
    expect(r.failures.join('\n')).toMatch(/^sarif: .*scan\.sarif/m)
    expect(r.outputs).toMatchObject({ 'failed-tools': 'sarif' })
    expect(r.summary).toContain('No check run: sarif did not finish')
  })

  it('puts max-annotations (default 50) findings on the check run in one request and lists the rest', async () => {
    gh.reset()
    gh.off('checks/create')
    const r = await run(gh.url, findings(120))
    expect(gh.violations).toEqual([])
    expect(gh.calls('checks/update')).toEqual([])
    const created = gh.calls('checks/create')
    expect(created).toHaveLength(1)
    expect(created[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect((created[0]!.body as { output: { annotations: unknown[] } }).output.annotations).toHaveLength(50)
    expect(r.summary).toContain(
      "**70 annotations were left out of the check run 'Lint'** (`max-annotations: 50`)",
    )
    expect(r.summary).toContain('| failure | src/app.js:120 |')
    expect(r.outputs['check-run-url']).toMatch(/^https?:\/\//)
  })
})
