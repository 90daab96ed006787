// The built coverage action when the GitHub API fails: outputs and the job summary are out
// whatever the API does, a failed pull-request comment after retries is one warning naming
// the call (or fails the step with fail-on-api-error), a request that is never answered times
// out, and a malformed report is reported without any API call.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUrl, faults, startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun } from '../harness'

const fastRetries = { PIPELINE_KIT_API_BACKOFF_MS: '10', PIPELINE_KIT_API_TIMEOUT_MS: '2000' }
const LCOV = 'TN:\nSF:src/a.js\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n'
const pullRequest = {
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number: 5,
    pull_request: {
      number: 5,
      base: { sha: 'a'.repeat(40), ref: 'main' },
      head: { sha: 'b'.repeat(40), ref: 'f' },
    },
    repository: { name: 'app', full_name: 'octo/app', default_branch: 'main', owner: { login: 'octo' } },
  },
}

function run(
  apiUrl: string,
  inputs: Record<string, string> = {},
  env = {},
  report: Record<string, string> = { 'lcov.info': LCOV },
) {
  const workspace = mkdtempSync(join(tmpdir(), 'pk-cov-api-'))
  for (const [path, content] of Object.entries({ ...report, 'src/a.js': 'a\nb\n' })) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), content)
  }
  return runActionBundle({
    action: 'coverage',
    workspace,
    event: pullRequest,
    env: { GITHUB_API_URL: apiUrl, ...fastRetries, ...env },
    inputs: {
      reports: 'lcov.info',
      'baseline-cache': 'false',
      'patch-coverage': 'false',
      'github-token': 'ghs_cov',
      ...inputs,
    },
    timeoutMs: 60_000,
  })
}

const call = 'Could not post the coverage comment on pull request #5'
const warnings = (r: ActionRun) => r.annotations.filter((a) => a.level === 'warning' && !a.file)

function expectResultsWritten(r: ActionRun, detail: string) {
  expect(r.outputs).toMatchObject({ lines: '50.00' })
  expect(r.summary).toContain('Coverage')
  expect(r.summary).toContain('50.00%')
  expect(r.summary).toContain(`The pull-request comment was not posted:** ${call}: ${detail}`)
}

describe('coverage action when the GitHub API fails', () => {
  let gh: GitHubFake
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_cov' })
  })
  afterAll(() => gh.close())

  it('API answering 500: results written, one warning, the verdict from the thresholds', async () => {
    gh.reset()
    gh.on('issues/list-comments', faults.status(500))
    const r = await run(gh.url, { 'min-lines': '60' })
    expect(gh.violations).toEqual([])
    expect(gh.calls('issues/list-comments')).toHaveLength(4)
    expect(warnings(r).map((w) => w.message)).toEqual([`${call}: 500 after 4 attempts`])
    expectResultsWritten(r, '500 after 4 attempts')
    expect(r.outputs.passed).toBe('false')
    expect(r.exitCode).toBe(1)
    expect(r.failures).toHaveLength(1)
    expect(r.failures[0]).toMatch(/lines/)
    expect(r.failures[0]).not.toContain('Could not')
  })

  it('API unreachable: the same, and a passing run stays green', async () => {
    const url = await closedPortUrl()
    const r = await run(url)
    expect(warnings(r).map((w) => w.message)).toEqual([
      `${call}: connect ECONNREFUSED 127.0.0.1:${new URL(url).port} after 4 attempts`,
    ])
    expectResultsWritten(r, 'connect ECONNREFUSED')
    expect(r.exitCode).toBe(0)
    expect(r.failures).toEqual([])
  })

  it('API that never answers: each attempt times out and the step finishes', async () => {
    gh.reset()
    gh.on('issues/list-comments', faults.hang())
    const r = await run(gh.url, {}, { PIPELINE_KIT_API_TIMEOUT_MS: '300' })
    expect(gh.calls('issues/list-comments')).toHaveLength(4)
    expect(warnings(r).map((w) => w.message)).toEqual([`${call}: no answer within 300ms after 4 attempts`])
    expectResultsWritten(r, 'no answer within 300ms after 4 attempts')
    expect(r.exitCode).toBe(0)
  })

  it('fail-on-api-error: true fails the step with that message once the results are written', async () => {
    gh.reset()
    gh.on('issues/list-comments', faults.status(503))
    const r = await run(gh.url, { 'fail-on-api-error': 'true' })
    expectResultsWritten(r, '503 after 4 attempts')
    expect(r.exitCode).toBe(1)
    expect(r.failures).toEqual([`${call}: 503 after 4 attempts`])
    expect(warnings(r)).toEqual([])
  })

  it('a malformed report: its own error is shown and no API call is made', async () => {
    gh.reset()
    gh.off('issues/list-comments')
    const truncated = '<?xml version="1.0"?>\n<coverage><packages><package'
    const r = await run(gh.url, { reports: 'coverage.xml' }, {}, { 'coverage.xml': truncated })
    expect(gh.requests).toEqual([])
    expect(r.exitCode).toBe(1)
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/coverage\.xml:2:\d+: .*truncated/) }),
    ])
  })
})
