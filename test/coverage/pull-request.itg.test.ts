import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle } from '../harness'
import { startCacheServer, type CacheServer } from './cache-server'
import { git, removeScratch, runC8, scratchCopy } from './tools'

// A real repository: a base commit, and a head commit that changes a covered line, adds an
// uncovered function and edits the README. c8 writes the LCOV at each commit.
let repo: string
let base: string
let head: string
let gh: GitHubFake
const TOKEN = 'ghs_coverage_test'

const HALVE = `
export function halve(n) {
  if (n % 2) {
    return (n - 1) / 2
  }
  return n / 2
}
`

beforeAll(async () => {
  repo = scratchCopy('js')
  writeFileSync(join(repo, 'README.md'), '# sample\n')
  await git(repo, 'init', '-q', '-b', 'main')
  await git(repo, 'add', '-A')
  await git(repo, 'commit', '-q', '-m', 'base')
  base = await git(repo, 'rev-parse', 'HEAD')
  const math = readFileSync(join(repo, 'src', 'math.js'), 'utf8')
  writeFileSync(join(repo, 'src', 'math.js'), math.replace('return a + b', 'return b + a') + HALVE)
  writeFileSync(join(repo, 'README.md'), '# sample\n\nNow with halve().\n')
  await git(repo, 'commit', '-q', '-am', 'head')
  head = await git(repo, 'rev-parse', 'HEAD')
  gh = await startGitHubFake({ token: TOKEN })
})
afterAll(async () => {
  await gh?.close()
  removeScratch(repo)
})

const repository = { name: 'app', full_name: 'octo/app', default_branch: 'main', owner: { login: 'octo' } }
const pullRequest = (number: number) => ({
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number,
    pull_request: { number, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } },
    repository,
  },
})
const pushToMain = (sha: string) => ({
  name: 'push',
  payload: { ref: 'refs/heads/main', after: sha, repository },
})

/** c8 at a commit, writing coverage-c8/lcov.info in the working tree. */
async function coverageAt(sha: string): Promise<void> {
  await git(repo, 'checkout', '-q', sha)
  await runC8(repo)
}

/** The DA lines of a file in the c8 report: what the tool itself says. */
function lcovLines(file: string): Map<number, number> {
  const text = readFileSync(join(repo, 'coverage-c8', 'lcov.info'), 'utf8')
  const record = text.split('end_of_record').find((r) => new RegExp(`^SF:(.*/)?${file}$`, 'm').test(r))!
  return new Map(
    [...record.matchAll(/^DA:(\d+),(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]),
  )
}

/** A user as GitHub's REST API shows it (schema-valid simple-user). */
const user = (login: string, type: 'User' | 'Bot', id: number) => {
  const api = `https://api.github.com/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    // A bot's page is its app's: github-actions[bot] is https://github.com/apps/github-actions.
    html_url:
      type === 'Bot'
        ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}`
        : `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  }
}
/** GET /user's answer for a personal access token. */
const publicUser = (u: ReturnType<typeof user>) => ({
  ...u,
  user_view_type: 'public',
  name: null,
  company: null,
  blog: null,
  location: null,
  email: null,
  hireable: null,
  bio: null,
  public_repos: 1,
  public_gists: 0,
  followers: 0,
  following: 0,
  created_at: '2020-01-01T00:00:00Z',
  updated_at: '2020-01-01T00:00:00Z',
})
/** Who writes with the workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = user('github-actions[bot]', 'Bot', 41898282)
const MEMBER = user('octocat', 'User', 583231)

interface StoredComment {
  body: string
  user: ReturnType<typeof user>
}

/** Issue comments as GitHub returns them (schema-valid). */
const comment = (id: number, stored: StoredComment, issue = 5) => ({
  id,
  node_id: `IC_${id}`,
  url: `https://api.github.com/repos/octo/app/issues/comments/${id}`,
  html_url: `https://github.com/octo/app/pull/${issue}#issuecomment-${id}`,
  issue_url: `https://api.github.com/repos/octo/app/issues/${issue}`,
  body: stored.body,
  user: stored.user,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  author_association: 'MEMBER',
})

/**
 * A pull request's comments kept in memory, paginated with Link headers like GitHub's.
 * `author` is who the token is: the Actions bot (GET /user answers 403 for an installation
 * token, as for the workflow's GITHUB_TOKEN) or a user (a personal access token).
 */
function serveComments(
  seed: number,
  author: ReturnType<typeof user> = ACTIONS_BOT,
): { comments: Map<number, StoredComment> } {
  const comments = new Map<number, StoredComment>()
  for (let i = 1; i <= seed; i++) comments.set(i, { body: `an unrelated comment ${i}`, user: MEMBER })
  let nextId = 1000
  gh.on('users/get-authenticated', () =>
    author.type === 'Bot'
      ? {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          },
        }
      : { status: 200, body: publicUser(author) },
  )
  gh.on('issues/list-comments', (req) => {
    const perPage = Number(req.query.per_page ?? 30)
    const page = Number(req.query.page ?? 1)
    const all = [...comments].map(([id, stored]) => comment(id, stored))
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const link = (p: number, rel: string) =>
      `<${gh.url}/repos/octo/app/issues/5/comments?per_page=${perPage}&page=${p}>; rel="${rel}"`
    const headers: Record<string, string> =
      page < last ? { link: [link(page + 1, 'next'), link(last, 'last')].join(', ') } : {}
    return { status: 200, body: all.slice((page - 1) * perPage, page * perPage), headers }
  })
  gh.on('issues/create-comment', (req) => {
    const id = nextId++
    comments.set(id, { body: (req.body as { body: string }).body, user: author })
    return { status: 201, body: comment(id, comments.get(id)!) }
  })
  gh.on('issues/update-comment', (req) => {
    const id = Number(req.params.comment_id)
    comments.get(id)!.body = (req.body as { body: string }).body
    return { status: 200, body: comment(id, comments.get(id)!) }
  })
  return { comments }
}

const env = () => ({ GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN })

describe('pull request', () => {
  beforeAll(() => coverageAt(head))
  beforeEach(() => gh.reset())

  it('measures the changed lines and annotates the uncovered ones', async () => {
    serveComments(0)
    // The head commit changed line 2 and added lines 19-25 of src/math.js (and the README).
    // c8's own DA records say which of those are executable and which ran.
    const da = lcovLines('src/math.js')
    const changed = [2, 19, 20, 21, 22, 23, 24, 25].filter((line) => da.has(line))
    const covered = changed.filter((line) => da.get(line)! > 0)
    const uncovered = changed.filter((line) => da.get(line) === 0)
    expect(covered).toContain(2) // the changed `return b + a` ran
    expect(uncovered.length).toBeGreaterThan(0) // halve() never ran
    expect(uncovered).toEqual(Array.from({ length: uncovered.length }, (_, i) => uncovered[0]! + i))

    const run = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'min-patch': '90', 'baseline-cache': 'false' },
    })
    expect(run.exitCode).toBe(1)
    // Half-up from the counts, e.g. 3 of 8 is 37.50 and 2 of 3 is 66.67.
    const percent = (Math.round((covered.length * 10_000) / changed.length) / 100).toFixed(2)
    expect(run.outputs.patch).toBe(percent)
    expect(JSON.parse(run.outputs.report!).patch).toMatchObject({
      covered: covered.length,
      total: changed.length,
    })
    expect(run.failures).toEqual([
      `patch coverage ${percent}% (${covered.length} of ${changed.length} changed lines) is below min-patch 90%`,
    ])
    const warnings = run.annotations.filter((a) => a.level === 'warning')
    expect(warnings).toEqual([
      expect.objectContaining({
        file: 'src/math.js',
        line: uncovered[0],
        endLine: uncovered.at(-1),
        title: 'Changed lines not covered',
      }),
    ])
    expect(run.summary).toContain(`| Changed lines | ${percent}% | ${covered.length} / ${changed.length} |`)
    expect(gh.violations).toEqual([])
  })

  it('creates the comment once, then updates it in place (found on the second page)', async () => {
    const { comments } = serveComments(120)
    const options = {
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false' },
    }
    const first = await runActionBundle(options)
    expect(first.exitCode).toBe(0)
    expect(gh.calls('issues/create-comment')).toHaveLength(1)
    expect(gh.calls('issues/update-comment')).toHaveLength(0)
    const [created] = [...comments].filter(([, c]) =>
      c.body.includes('<!-- pipeline-kit-coverage: coverage -->'),
    )
    expect(created).toBeDefined()
    expect(created![1].body).toContain('### ✅ Coverage:')
    expect(created![1].body.length).toBeLessThan(65_536)

    gh.reset()
    const second = await runActionBundle(options)
    expect(second.exitCode).toBe(0)
    expect(gh.calls('issues/list-comments').map((c) => c.query.page ?? '1')).toEqual(['1', '2'])
    expect(gh.calls('issues/create-comment')).toHaveLength(0)
    expect(gh.calls('issues/update-comment').map((c) => c.params.comment_id)).toEqual([String(created![0])])
    expect([...comments.values()].filter((c) => c.body.includes('pipeline-kit-coverage'))).toHaveLength(1)
    expect(gh.calls('issues/update-comment')[0]!.headers.authorization).toMatch(/ghs_coverage_test/)
    expect(gh.violations).toEqual([])
  })

  it('leaves a user comment holding the marker alone, and updates only its own (GITHUB_TOKEN)', async () => {
    const { comments } = serveComments(3)
    const marker = '<!-- pipeline-kit-coverage: coverage -->'
    comments.set(2, { body: `${marker}\nI quoted the bot's comment here`, user: MEMBER })
    const options = {
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false' },
    }
    const first = await runActionBundle(options)
    expect(first.exitCode).toBe(0)
    expect(gh.calls('users/get-authenticated')).toHaveLength(1)
    expect(gh.calls('issues/update-comment')).toHaveLength(0)
    expect(gh.calls('issues/create-comment')).toHaveLength(1)
    expect(comments.get(2)!.body).toBe(`${marker}\nI quoted the bot's comment here`)
    const own = [...comments].find(([, c]) => c.user.login === 'github-actions[bot]')!

    gh.reset()
    const second = await runActionBundle(options)
    expect(second.exitCode).toBe(0)
    expect(gh.calls('issues/create-comment')).toHaveLength(0)
    expect(gh.calls('issues/update-comment').map((c) => c.params.comment_id)).toEqual([String(own[0])])
    expect(comments.get(2)!.body).toBe(`${marker}\nI quoted the bot's comment here`)
    expect(gh.violations).toEqual([])
  })

  it('with a personal access token, updates the comment of the login GET /user names', async () => {
    const writer = user('release-bot', 'User', 9001)
    const { comments } = serveComments(0, writer)
    const marker = '<!-- pipeline-kit-coverage: coverage -->'
    comments.set(1, { body: `${marker}\nby someone else`, user: MEMBER })
    comments.set(2, { body: `${marker}\nan earlier run`, user: writer })
    const run = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false' },
    })
    expect(run.exitCode).toBe(0)
    expect(gh.calls('issues/update-comment').map((c) => c.params.comment_id)).toEqual(['2'])
    expect(comments.get(1)!.body).toBe(`${marker}\nby someone else`)
    expect(comments.get(2)!.body).toContain('### ✅ Coverage:')
    expect(gh.violations).toEqual([])
  })

  it('degrades to the job summary with a note when the token may not comment (forks)', async () => {
    serveComments(0)
    gh.on('issues/create-comment', () => ({
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
      },
    }))
    const run = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false' },
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain(
      '> The pull-request comment could not be posted: the token may not comment on pull request #5 (HTTP 403)',
    )
    expect(run.summary).toContain('### ✅ Coverage:')
    expect(
      run.annotations.some((a) => a.level === 'warning' && a.message.includes('Coverage comment not posted')),
    ).toBe(true)
    expect(gh.calls('issues/create-comment')).toHaveLength(1)
    expect(gh.violations).toEqual([])
  })

  it('turns the comment off with comment: false', async () => {
    serveComments(0)
    const run = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false', comment: 'false' },
    })
    expect(run.exitCode).toBe(0)
    expect(gh.requests).toEqual([])
  })

  it('skips the comment with a note when github-token is empty, and still gates', async () => {
    serveComments(0)
    const run = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(5),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-cache': 'false', 'github-token': '' },
    })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain('> No pull-request comment: `github-token` is empty')
    expect(gh.requests).toEqual([])
  })

  it('explains fetch-depth when the base commit is not in the clone', async () => {
    const shallow = `${repo}-shallow`
    await git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow)
    writeFileSync(join(shallow, 'lcov.info'), readFileSync(join(repo, 'coverage-c8', 'lcov.info')))
    try {
      const run = await runActionBundle({
        action: 'coverage',
        workspace: shallow,
        event: pullRequest(5),
        env: env(),
        inputs: { reports: 'lcov.info', 'baseline-cache': 'false' },
      })
      expect(run.exitCode).toBe(1)
      expect(run.failures[0]).toContain(`The base commit ${base} is not in the clone`)
      expect(run.failures[0]).toContain('fetch-depth: 0')
    } finally {
      removeScratch(shallow)
    }
  })
})

describe('baseline and delta', () => {
  beforeEach(() => gh.reset())

  it('stores the totals of a default-branch push in baseline-file and shows the delta on the pull request', async () => {
    const file = join(repo, '..', `${repo.split('/').at(-1)}-baseline.json`)
    await coverageAt(base)
    const push = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pushToMain(base),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-file': file },
    })
    expect(push.exitCode).toBe(0)
    const stored = JSON.parse(readFileSync(file, 'utf8'))
    expect(stored).toMatchObject({ version: 1, sha: base, ref: 'refs/heads/main' })
    expect(stored.totals).toEqual(JSON.parse(push.outputs.report!).totals)

    await coverageAt(head)
    const pr = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(6),
      env: env(),
      inputs: { reports: 'coverage-c8/lcov.info', 'baseline-file': file, comment: 'false' },
    })
    expect(pr.exitCode).toBe(0)
    const now = JSON.parse(pr.outputs.report!).totals.lines
    const rounded = (c: number, t: number) => Math.round((c * 10_000) / t)
    const expected =
      (rounded(now.covered, now.total) - rounded(stored.totals.lines.covered, stored.totals.lines.total)) /
      100
    expect(pr.outputs['delta-lines']).toBe(expected.toFixed(2))
    expect(Number(pr.outputs['delta-lines'])).toBeLessThan(0)
    expect(pr.summary).toContain('Δ vs main')
    expect(pr.summary).toContain(`Baseline: \`${base.slice(0, 7)}\` on main`)
    removeScratch(file)
  })

  it('reports a missing baseline without failing', async () => {
    await coverageAt(head)
    const pr = await runActionBundle({
      action: 'coverage',
      workspace: repo,
      event: pullRequest(6),
      inputs: {
        reports: 'coverage-c8/lcov.info',
        'baseline-file': 'nowhere/baseline.json',
        comment: 'false',
      },
    })
    expect(pr.exitCode).toBe(0)
    expect(pr.outputs['delta-lines']).toBe('')
    expect(pr.summary).toContain(`Baseline: no baseline file at ${join(repo, 'nowhere/baseline.json')} yet`)
  })

  describe('through the Actions cache service', () => {
    let cache: CacheServer
    beforeAll(async () => {
      cache = await startCacheServer()
    })
    afterAll(() => cache.close())
    const cacheEnv = () => ({ ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: cache.token })

    it('saves on the push, restores on the pull request, and says so when there is none yet', async () => {
      await coverageAt(head)
      const early = await runActionBundle({
        action: 'coverage',
        workspace: repo,
        event: pullRequest(7),
        env: cacheEnv(),
        inputs: { reports: 'coverage-c8/lcov.info', comment: 'false' },
      })
      expect(early.exitCode).toBe(0)
      expect(early.summary).toContain('Baseline: no baseline in the Actions cache yet')

      await coverageAt(base)
      const push = await runActionBundle({
        action: 'coverage',
        workspace: repo,
        event: pushToMain(base),
        env: cacheEnv(),
        inputs: { reports: 'coverage-c8/lcov.info' },
      })
      expect(push.exitCode).toBe(0)
      expect(cache.entries().map((e) => e.key)).toEqual([`pipeline-kit-coverage-coverage-${base}`])
      expect(existsSync(join(repo, '.pipeline-kit-coverage'))).toBe(false)

      await coverageAt(head)
      const pr = await runActionBundle({
        action: 'coverage',
        workspace: repo,
        event: pullRequest(7),
        env: cacheEnv(),
        inputs: { reports: 'coverage-c8/lcov.info', comment: 'false' },
      })
      expect(pr.exitCode).toBe(0)
      expect(pr.stdout).toContain(
        `Restored the coverage baseline from cache entry pipeline-kit-coverage-coverage-${base}`,
      )
      expect(Number(pr.outputs['delta-lines'])).toBeLessThan(0)
      expect(pr.summary).toContain(`Baseline: \`${base.slice(0, 7)}\` on main`)
      expect(cache.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
        expect.arrayContaining([
          'POST /_apis/artifactcache/caches 201',
          'POST /_apis/artifactcache/caches/1 204',
          'GET /_apis/artifactcache/cache 200',
          'GET /download/1 200',
        ]),
      )
      expect(cache.violations).toEqual([])
    })
  })
})
