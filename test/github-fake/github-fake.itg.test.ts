import { createRecordingLogger, loadGitHubClient, type GitHubClient } from '@pipeline-kit/action-runtime'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUrl, faults, startGitHubFake, type GitHubFake } from './index'

const repo = { owner: 'octo-org', repo: 'hello-world' }
const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e'

function statusOf(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 0,
    (error: { status?: number }) => error.status ?? -1,
  )
}

describe('GitHub fake', () => {
  let gh: GitHubFake
  let octokit: GitHubClient
  const log = createRecordingLogger()

  beforeAll(async () => {
    const started = performance.now()
    gh = await startGitHubFake()
    // Reported, not asserted: the first start loads and indexes the 13 MB description.
    console.info(`first startGitHubFake() took ${Math.round(performance.now() - started)} ms`)
    octokit = await loadGitHubClient({ token: 'ghs_test', baseUrl: gh.url, log })
  })
  afterEach(() => gh.reset())
  afterAll(() => gh.close())

  it('records a valid checks.create and answers a schema-valid check run', async () => {
    const { status, data, headers } = await octokit.rest.checks.create({
      ...repo,
      name: 'lint',
      head_sha: sha,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Lint', summary: 'no problems' },
    })
    expect(status).toBe(201)
    expect(typeof data.id).toBe('number')
    expect(data.head_sha).toMatch(/^[0-9a-f]{40}$/)
    expect(headers['x-ratelimit-limit']).toBe('5000')
    expect(headers['x-github-request-id']).toMatch(/^[0-9A-F]{16}$/)
    const [call] = gh.calls('checks/create')
    expect(call).toMatchObject({
      method: 'POST',
      path: '/repos/octo-org/hello-world/check-runs',
      operationId: 'checks/create',
      params: { owner: 'octo-org', repo: 'hello-world' },
      body: { name: 'lint', head_sha: sha, conclusion: 'success' },
    })
    expect(call!.headers.authorization).toBe('token ghs_test')
    expect(gh.violations).toEqual([])
  })

  it('gives 422 and a violation for a field GitHub does not accept', async () => {
    const error = await octokit.rest.checks
      .create({ ...repo, name: 'lint', head_sha: sha, conclusion: 'passed' as 'success' })
      .catch((e: { status: number; response: { data: { message: string } } }) => e)
    expect(error).toMatchObject({ status: 422, response: { data: { message: 'Validation Failed' } } })
    expect(gh.violations).toHaveLength(1)
    expect(gh.violations[0]).toMatch(
      /checks\/create.*body\/conclusion must be equal to one of the allowed values/,
    )
  })

  it('flags unknown body properties, bad path and query values', async () => {
    const extra = { ...repo, issue_number: 7, body: 'hi', bodyy: 'typo' } as {
      owner: string
      repo: string
      issue_number: number
      body: string
    }
    expect(await statusOf(octokit.rest.issues.createComment(extra))).toBe(422)
    expect(gh.violations[0]).toContain("body has unknown property 'bodyy'")
    gh.reset()
    expect(
      await statusOf(octokit.rest.checks.get({ ...repo, check_run_id: 'abc' as unknown as number })),
    ).toBe(422)
    expect(gh.violations[0]).toMatch(/path check_run_id must be integer/)
    gh.reset()
    const bad = { ...repo, issue_number: 1, per_page: 'many' as unknown as number, since: 'yesterday' }
    expect(await statusOf(octokit.rest.issues.listComments(bad))).toBe(422)
    expect(gh.violations[0]).toMatch(/query per_page must be integer/)
    expect(gh.violations[0]).toMatch(/query since must match format "date-time"/)
  })

  it('gives 404 and a violation for a path GitHub does not have', async () => {
    const status = await statusOf(octokit.request('GET /repos/{owner}/{repo}/check-runz', repo))
    expect(status).toBe(404)
    expect(gh.calls('')).toHaveLength(1)
    expect(gh.violations).toEqual([
      expect.stringMatching(/GET \/repos\/octo-org\/hello-world\/check-runz: no such path/),
    ])
    gh.reset()
    expect(await statusOf(octokit.request('DELETE /repos/{owner}/{repo}/check-runs', repo))).toBe(404)
    expect(gh.violations[0]).toMatch(/no DELETE on \/repos\/\{owner\}\/\{repo\}\/check-runs/)
    gh.reset()
    // Unencoded slashes in a ref still find the route, as they do on GitHub.
    const ref = await fetch(`${gh.url}/repos/o/r/git/ref/heads/feature/x`)
    expect(ref.status).toBe(200)
    expect(gh.calls('git/get-ref')[0]!.params).toEqual({ owner: 'o', repo: 'r', ref: 'heads/feature/x' })
    const encoded = await octokit.rest.git.getRef({ ...repo, ref: 'heads/feature/x' })
    expect(encoded.status).toBe(200)
    expect(gh.calls('git/get-ref')[1]!.params.ref).toBe('heads/feature/x')
    expect(gh.violations).toEqual([])
  })

  it('answers 500 and records a violation when a handler answers an invalid body', async () => {
    gh.on('checks/create', () => ({ status: 201, body: { id: 'not-a-number', name: 'lint' } }))
    const status = await statusOf(
      octokit.rest.checks.create({ ...repo, name: 'lint', head_sha: sha, request: { retries: 0 } }),
    )
    expect(status).toBe(500)
    expect(gh.violations[0]).toMatch(/not a valid GitHub response: .*response\/id must be integer/)
    gh.reset()
    gh.on('checks/create', () => ({ status: 200, body: {} }))
    expect(
      await statusOf(
        octokit.rest.checks.create({ ...repo, name: 'lint', head_sha: sha, request: { retries: 0 } }),
      ),
    ).toBe(500)
    expect(gh.violations[0]).toMatch(
      /status 200 is not a documented response of checks\/create \(documented: 201\)/,
    )
  })

  it('uses a later handler for the same operation and lets it answer a partial valid body', async () => {
    gh.on('checks/get', () => ({ status: 404 }))
    gh.on('checks/get', (req) => ({
      status: 200,
      body: {
        id: Number(req.params.check_run_id),
        head_sha: sha,
        node_id: 'CR_1',
        external_id: null,
        url: 'https://api.github.com/repos/o/r/check-runs/5',
        html_url: null,
        details_url: null,
        status: 'completed',
        conclusion: 'failure',
        started_at: null,
        completed_at: null,
        output: {
          title: null,
          summary: null,
          text: null,
          annotations_count: 0,
          annotations_url: 'https://x.test/a',
        },
        name: 'lint',
        check_suite: null,
        app: null,
        pull_requests: [],
      },
    }))
    const { data } = await octokit.rest.checks.get({ ...repo, check_run_id: 5 })
    expect(data).toMatchObject({ id: 5, conclusion: 'failure' })
    expect(gh.violations).toEqual([])
  })

  it('answers schema-valid defaults for the operations the actions use', async () => {
    const comment = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 3,
      body: 'coverage 91%',
    })
    const comment2 = await octokit.rest.issues.createComment({ ...repo, issue_number: 3, body: 'again' })
    expect(comment.status).toBe(201)
    expect(typeof comment.data.html_url).toBe('string')
    expect(comment2.data.id).not.toBe(comment.data.id)

    const deployment = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'staging',
      auto_merge: false,
      required_contexts: [],
    })
    expect(deployment.status).toBe(201)
    expect(deployment.data).toHaveProperty('id')
    const deploymentId = (deployment.data as { id: number }).id

    const status = await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state: 'success',
      environment_url: 'https://staging.example.test',
    })
    expect(status.data.state).toMatch(/^(error|failure|inactive|pending|success|queued|in_progress)$/)

    const ref = await octokit.rest.git.createRef({ ...repo, ref: 'refs/tags/v1.2.3', sha })
    expect(ref.data.object.sha).toMatch(/^[0-9a-f]{40}$/)

    const release = await octokit.rest.repos.createRelease({
      ...repo,
      tag_name: 'v1.2.3',
      generate_release_notes: true,
    })
    expect(release.status).toBe(201)
    expect(typeof release.data.upload_url).toBe('string')

    const asset = await octokit.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: release.data.id,
      name: 'app.tgz',
      data: 'tarball bytes',
      url: release.data.upload_url,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(asset.status).toBe(201)
    expect(gh.calls('repos/upload-release-asset')[0]).toMatchObject({
      query: { name: 'app.tgz' },
      body: Buffer.from('tarball bytes'),
    })

    const comments = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: 3,
      per_page: 100,
      page: 1,
    })
    expect(Array.isArray(comments.data)).toBe(true)

    const deleted = await octokit.rest.issues.deleteComment({ ...repo, comment_id: comment.data.id })
    expect(deleted.status).toBe(204)

    expect(gh.requests.map((r) => r.operationId)).toEqual([
      'issues/create-comment',
      'issues/create-comment',
      'repos/create-deployment',
      'repos/create-deployment-status',
      'git/create-ref',
      'repos/create-release',
      'repos/upload-release-asset',
      'issues/list-comments',
      'issues/delete-comment',
    ])
    expect(gh.calls('issues/list-comments')[0]!.query).toEqual({ per_page: '100', page: '1' })
    expect(gh.violations).toEqual([])
  })

  it('lets the throttling client wait out a primary rate limit and retry', async () => {
    let calls = 0
    gh.on('issues/create-comment', () =>
      ++calls === 1
        ? {
            status: 403,
            body: {
              message: 'API rate limit exceeded for installation ID 1.',
              documentation_url: 'https://docs.github.com/rest',
            },
            headers: { 'x-ratelimit-remaining': '0', 'retry-after': '0' },
          }
        : { status: 201 },
    )
    const { status } = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })
    expect(status).toBe(201)
    expect(gh.calls('issues/create-comment')).toHaveLength(2)
    expect(log.lines.some((l) => /primary rate limit/.test(l.message))).toBe(true)
    expect(gh.violations).toEqual([])
  })

  it('lets the client retry a secondary rate limit and a 502', async () => {
    let calls = 0
    gh.on('repos/create-deployment-status', () => {
      calls++
      if (calls === 1) {
        return {
          status: 403,
          body: {
            message: 'You have exceeded a secondary rate limit.',
            documentation_url: 'https://docs.github.com/rest',
          },
          headers: { 'retry-after': '1' },
        }
      }
      return calls === 2 ? { status: 502, body: { message: 'Server Error' } } : { status: 201 }
    })
    const { status } = await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: 1,
      state: 'pending',
    })
    expect(status).toBe(201)
    expect(calls).toBe(3)
    expect(log.lines.some((l) => /secondary rate limit/.test(l.message))).toBe(true)
    expect(gh.violations).toEqual([])
  })

  it('fails an operation on demand: an error status, a hang, a closed port', async () => {
    const quick = await loadGitHubClient({
      token: 'ghs_test',
      baseUrl: gh.url,
      log,
      retry: { attempts: 2, backoffMs: 5, timeoutMs: 200 },
    })
    gh.on('repos/get', faults.status(503, 'Service Unavailable'))
    await expect(quick.rest.repos.get(repo)).rejects.toMatchObject({
      message: '503 after 2 attempts',
      status: 503,
    })
    gh.on('repos/get', faults.hang())
    await expect(quick.rest.repos.get(repo)).rejects.toMatchObject({
      message: 'no answer within 200ms after 2 attempts',
    })
    expect(gh.calls('repos/get')).toHaveLength(4)
    gh.off('repos/get')
    expect((await quick.rest.repos.get(repo)).status).toBe(200)
    const closed = await closedPortUrl()
    const nowhere = await loadGitHubClient({ token: 't', baseUrl: closed, log, retry: { attempts: 1 } })
    await expect(nowhere.rest.repos.get(repo)).rejects.toMatchObject({
      message: `connect ECONNREFUSED 127.0.0.1:${new URL(closed).port}`,
    })
    expect(gh.violations).toEqual([])
  })

  it('accepts a GHES-style /api/v3 base URL and empty JSON bodies', async () => {
    const ghes = await loadGitHubClient({ token: 'ghs_test', baseUrl: `${gh.url}/api/v3`, log })
    const { data } = await ghes.rest.repos.get(repo)
    expect(typeof data.full_name).toBe('string')
    const response = await fetch(`${gh.url}/api/v3/repos/octo-org/hello-world/issues/comments/1`, {
      method: 'DELETE',
    })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect(gh.calls('issues/delete-comment')[0]).toMatchObject({
      path: '/repos/octo-org/hello-world/issues/comments/1',
      body: undefined,
    })
    const notJson = await fetch(`${gh.url}/repos/o/r/issues/1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"body":',
    })
    expect(notJson.status).toBe(400)
    expect(gh.violations).toEqual([expect.stringMatching(/body is not JSON/)])
  })

  it('refuses handlers for operations GitHub does not have', () => {
    expect(() => gh.on('checks/creat', () => ({ status: 201 }))).toThrow(/no operation 'checks\/creat'/)
  })
})

describe('GitHub fake with a required token', () => {
  let gh: GitHubFake
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_right' })
  })
  afterAll(() => gh.close())

  it('answers 401 and records a violation for a missing or wrong token', async () => {
    const wrong = await loadGitHubClient({
      token: 'ghs_wrong',
      baseUrl: gh.url,
      log: createRecordingLogger(),
    })
    expect(await statusOf(wrong.rest.repos.get(repo))).toBe(401)
    const anonymous = await fetch(`${gh.url}/repos/o/r`)
    expect(anonymous.status).toBe(401)
    expect(gh.violations).toEqual([
      expect.stringMatching(
        /GET \/repos\/octo-org\/hello-world \(repos\/get\): wrong or malformed authorization/,
      ),
      expect.stringMatching(/GET \/repos\/o\/r \(repos\/get\): no authorization header/),
    ])
    gh.reset()
    const right = await loadGitHubClient({
      token: 'ghs_right',
      baseUrl: gh.url,
      log: createRecordingLogger(),
    })
    expect((await right.rest.repos.get(repo)).status).toBe(200)
    const bearer = await fetch(`${gh.url}/repos/o/r`, { headers: { authorization: 'Bearer ghs_right' } })
    expect(bearer.status).toBe(200)
    expect(gh.violations).toEqual([])
  })
})
