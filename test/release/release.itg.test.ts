import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { loadSpec, startGitHubFake, type GitHubFake } from '../github-fake'
import { startGitHttpServer } from './git-http-server'
import { ActionRepo, BOB, bareHome, standardRepo } from './repo-fixture'

let gh: GitHubFake
let releaseExample: Record<string, unknown>
let repositoryExample: Record<string, unknown>
const home = bareHome()
const repos: ActionRepo[] = []
const TOKEN = 'ghs_release_test'

beforeAll(async () => {
  gh = await startGitHubFake({ token: TOKEN })
  const spec = await loadSpec()
  const media = spec.operations.get('repos/get-release')!.responses['200']!.content['application/json']!
  releaseExample = (media.examples?.[0] ?? media.example) as Record<string, unknown>
  const repoMedia = spec.operations.get('repos/get')!.responses['200']!.content['application/json']!
  repositoryExample = (repoMedia.examples?.[0] ?? repoMedia.example) as Record<string, unknown>
})
afterAll(async () => {
  await gh.close()
  for (const repo of repos) repo.remove()
})
afterEach(() => {
  expect(gh.violations).toEqual([])
  gh.reset()
})

/** A schema-valid release object as GitHub returns it. */
const release = (tag: string, extra: Record<string, unknown> = {}) => ({
  ...releaseExample,
  tag_name: tag,
  name: tag,
  html_url: `https://github.com/octo/app/releases/tag/${tag}`,
  draft: false,
  prerelease: tag.includes('-'),
  ...extra,
})

/** GitHub's side of the repository: the releases that exist, and creating one. */
function serveReleases(tags: string[]): void {
  gh.on('repos/list-releases', () => ({ status: 200, body: tags.map((t) => release(t)) }))
  gh.on('repos/create-release', (req) => {
    const body = req.body as { tag_name: string; prerelease: boolean }
    return { status: 201, body: release(body.tag_name, { prerelease: body.prerelease }) }
  })
}

function track(repo: ActionRepo): ActionRepo {
  repos.push(repo)
  return repo
}

const dispatch = {
  name: 'workflow_dispatch',
  payload: {
    ref: 'refs/heads/main',
    inputs: {},
    repository: { name: 'app', full_name: 'octo/app', default_branch: 'main', owner: { login: 'octo' } },
  },
}

function run(
  repo: ActionRepo,
  inputs: Record<string, string>,
  event: typeof dispatch | object = dispatch,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runActionBundle({
    action: 'release',
    workspace: repo.checkout,
    inputs: { 'build-command': 'node build.mjs', ...inputs },
    event: event as { name: string; payload: object },
    env: { GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN, HOME: home, GIT_CONFIG_NOSYSTEM: '1', ...env },
  })
}

describe('release from a checkout that persisted no credentials (persist-credentials: false)', () => {
  it('reaches a remote that needs the token with github-token, written nowhere', async () => {
    const { repo, head } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const server = await startGitHttpServer(repo.root, { user: 'x-access-token', password: TOKEN })
    try {
      repo.git(repo.checkout, ['remote', 'set-url', 'origin', `${server.url}/origin.git`])
      const result = await run(repo, { version: '1.1.0', 'github-token': TOKEN }, dispatch, {
        GITHUB_SERVER_URL: server.url,
      })
      expect(result.failures).toEqual([])
      expect(repo.remoteTagCommit('v1.1.0')).toBe(head)
      expect(repo.remoteTagCommit('v1')).toBe(head)
      expect(repo.remoteTagCommit('v1.1')).toBe(head)
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')
      expect(server.authorizations).toContain(`basic ${basic}`)
      expect(result.masks).toEqual(expect.arrayContaining([TOKEN, basic]))
      expect(readFileSync(join(repo.checkout, '.git', 'config'), 'utf8')).not.toMatch(/extraheader|basic/i)
      const logged = `${result.stdout}\n${result.stderr}`
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
      expect(logged.filter((l) => l.includes(basic) || l.includes(TOKEN))).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('the build command does not see the github-token (its dependencies run there)', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const result = await run(repo, {
      version: '1.1.0',
      'dry-run': 'true',
      'github-token': TOKEN,
      'build-command': `node -e "process.exitCode = process.env['INPUT_GITHUB-TOKEN'] ? 3 : 0"`,
    })
    expect(result.failures).toEqual([])
    expect(result.exitCode).toBe(0)
  })

  it('a checkout that persisted its credentials (the checkout default) pushes with those alone', async () => {
    const { repo, head } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const server = await startGitHttpServer(repo.root, { user: 'x-access-token', password: TOKEN })
    try {
      repo.git(repo.checkout, ['remote', 'set-url', 'origin', `${server.url}/origin.git`])
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64')
      repo.git(repo.checkout, [
        'config',
        '--local',
        `http.${server.url}/.extraheader`,
        `AUTHORIZATION: basic ${basic}`,
      ])
      const result = await run(repo, { version: '1.1.0', 'github-token': TOKEN }, dispatch, {
        GITHUB_SERVER_URL: server.url,
      })
      // Two Authorization headers would be refused: the persisted one is the only one sent.
      expect(result.failures).toEqual([])
      expect(repo.remoteTagCommit('v1.1.0')).toBe(head)
    } finally {
      await server.close()
    }
  })
})

describe('release on a real repository with a bare remote', () => {
  it('tags v1.1.0 (annotated), creates the release with grouped notes and moves v1 and v1.1', async () => {
    const { repo, head, v100 } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const before = repo.remoteRefs()

    const result = await run(repo, { version: '1.1.0' })

    expect(result.failures).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(repo.remoteObjectType('refs/tags/v1.1.0')).toBe('tag')
    expect(repo.remoteTagCommit('v1.1.0')).toBe(head)
    expect(
      repo.git(repo.remote, [
        'for-each-ref',
        '--format=%(taggername) %(contents:subject)',
        'refs/tags/v1.1.0',
      ]),
    ).toBe('github-actions[bot] Release v1.1.0')
    expect(repo.remoteTagCommit('v1')).toBe(head)
    expect(repo.remoteTagCommit('v1.1')).toBe(head)
    expect(repo.remoteTagCommit('v1.0')).toBe(v100)
    expect(repo.remoteRefs()['refs/tags/v1.0.0']).toBe(before['refs/tags/v1.0.0'])

    const [create] = gh.calls('repos/create-release')
    expect(gh.calls('repos/create-release')).toHaveLength(1)
    expect(create!.params).toEqual({ owner: 'octo', repo: 'app' })
    const body = create!.body as Record<string, string | boolean>
    expect(body).toMatchObject({
      tag_name: 'v1.1.0',
      name: 'v1.1.0',
      draft: false,
      prerelease: false,
      make_latest: 'true',
    })
    const notes = String(body.body)
    expect(notes).toMatch(
      /^## Features\n\n- add retries \(\[[0-9a-f]{7}\]\(https:\/\/github\.com\/octo\/app\/commit\/[0-9a-f]{40}\)\)\n\n## Bug fixes\n\n- \*\*core:\*\* handle empty input /,
    )
    expect(notes).not.toContain('first version')
    expect(notes).toContain('## Contributors\n\n@bob, Carol')
    expect(notes).toContain('**Full changelog:** https://github.com/octo/app/compare/v1.0.0...v1.1.0')
    expect(gh.calls('repos/list-releases')[0]!.query).toMatchObject({ per_page: '100', page: '1' })
    expect(gh.calls('repos/get')).toEqual([])

    expect(result.outputs).toMatchObject({
      tag: 'v1.1.0',
      'major-tag': 'v1',
      'minor-tag': 'v1.1',
      prerelease: 'false',
      'release-url': 'https://github.com/octo/app/releases/tag/v1.1.0',
    })
    expect(result.outputs.notes).toBe(notes)
    expect(result.summary).toContain('## Release v1.1.0: ✅ released')
    expect(result.summary).toContain('| 4 | move v1.1 and v1 to')
    expect(result.stdout).toContain('Checks passed: bundles current, v1.1.0 is new, on main')
  })

  it('releases a prerelease without moving any floating tag', async () => {
    const { repo, head, v100 } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])

    const result = await run(repo, { version: 'v1.1.0-rc.1' })

    expect(result.failures).toEqual([])
    expect(repo.remoteTagCommit('v1.1.0-rc.1')).toBe(head)
    expect(repo.remoteTagCommit('v1')).toBe(v100)
    expect(repo.remoteTagCommit('v1.0')).toBe(v100)
    expect(repo.remoteRefs()['refs/tags/v1.1']).toBeUndefined()
    expect(gh.calls('repos/create-release')[0]!.body).toMatchObject({
      tag_name: 'v1.1.0-rc.1',
      prerelease: true,
      make_latest: 'false',
    })
    expect(result.outputs).toMatchObject({ 'major-tag': '', 'minor-tag': '', prerelease: 'true' })
    expect(result.stdout).toContain('v1 and v1.1 stay: v1.1.0-rc.1 is a prerelease')
  })

  it('dry run: runs the checks, prints every step and the notes, changes nothing', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const before = repo.remoteRefs()
    const localBefore = repo.localTags()

    const result = await run(repo, { version: '1.1.0', 'dry-run': 'true' })

    expect(result.failures).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(repo.remoteRefs()).toEqual(before)
    expect(repo.localTags()).toEqual(localBefore)
    expect(gh.calls('repos/create-release')).toEqual([])
    for (const step of [
      'Dry run: would release v1.1.0 at',
      '1. would create annotated tag v1.1.0 at',
      '2. would push tag v1.1.0 to origin',
      '3. would create GitHub Release v1.1.0, marked latest',
      '4. would move v1.1 and v1 to',
    ])
      expect(result.stdout).toContain(step)
    expect(result.stdout).toContain('- add retries')
    expect(result.outputs).toMatchObject({ tag: 'v1.1.0', 'release-url': '' })
    expect(result.outputs.notes).toContain('## Features')
    expect(result.summary).toContain('## Release v1.1.0: dry run, nothing changed')
    expect(result.summary).toContain('| would run |')
  })

  it('releases the tag that started the run, without re-tagging it', async () => {
    const { repo, head } = standardRepo()
    track(repo)
    repo.tag('v1.1.0')
    repo.push('refs/tags/v1.1.0')
    const pushedTag = repo.remoteRefs()['refs/tags/v1.1.0']
    repo.clone('v1.1.0')
    serveReleases(['v1.0.0'])

    const result = await run(
      repo,
      {},
      {
        name: 'push',
        payload: { ref: 'refs/tags/v1.1.0', after: head, repository: dispatch.payload.repository },
      },
    )

    expect(result.failures).toEqual([])
    expect(repo.remoteRefs()['refs/tags/v1.1.0']).toBe(pushedTag)
    expect(repo.remoteTagCommit('v1')).toBe(head)
    expect(repo.remoteTagCommit('v1.1')).toBe(head)
    expect(gh.calls('repos/create-release')[0]!.body).toMatchObject({ tag_name: 'v1.1.0' })
    expect(result.stdout).not.toContain('create annotated tag')
  })
})

describe('notes from a CHANGELOG', () => {
  it('publishes the section of the version, reading the default branch from the API when the event lacks it', async () => {
    const { repo, head } = standardRepo()
    track(repo)
    repo.write(
      'CHANGELOG.md',
      '# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2026-11-23\n\n### Added\n\n- Retries.\n\n## [1.0.0]\n\n- First.\n',
    )
    repo.git(repo.maintainer, ['add', 'CHANGELOG.md'])
    repo.git(repo.maintainer, ['commit', '--quiet', '-m', 'docs: changelog for 1.1.0'])
    repo.push('main')
    const released = repo.clone()
    expect(released).not.toBe(head)
    serveReleases(['v1.0.0'])
    // GitHub's own example lacks the required 'language' (the fake would answer 500), so complete it.
    const { source: _source, parent: _parent, ...repository } = repositoryExample
    gh.on('repos/get', () => ({
      status: 200,
      body: { ...repository, language: 'TypeScript', default_branch: 'main' },
    }))
    const event = { name: 'workflow_dispatch', payload: { ref: 'refs/heads/main', inputs: {} } }

    const result = await run(repo, { version: '1.1.0', changelog: 'CHANGELOG.md' }, event)

    expect(result.failures).toEqual([])
    expect(gh.calls('repos/get')).toHaveLength(1)
    const body = String((gh.calls('repos/create-release')[0]!.body as { body: string }).body)
    expect(body).toMatch(
      /^### Added\n\n- Retries\.\n\n## Contributors\n\n@bob, Carol, Ada Lovelace\n\n\*\*Full changelog:\*\* https:\/\/github\.com\/octo\/app\/compare\/v1\.0\.0\.\.\.v1\.1\.0\n$/,
    )
    expect(repo.remoteTagCommit('v1')).toBe(released)

    gh.reset()
    const missing = await run(repo, { version: '1.2.0', changelog: 'CHANGELOG.md', 'dry-run': 'true' })
    expect(missing.failures[0]).toBe(
      "Refusing to release v1.2.0: CHANGELOG.md has no section for 1.2.0: add a '## [1.2.0]' heading with the changes (or leave 'changelog' empty to generate the notes from commits). Nothing was tagged, pushed or released.",
    )
  })
})

describe('a release that fails half-way', () => {
  it('names the steps already done, and a re-run from the pushed tag finishes it', async () => {
    const { repo, head, v100 } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    gh.on('repos/create-release', () => ({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          { resource: 'Release', code: 'custom', field: 'tag_name', message: 'tag_name is not a valid tag' },
        ],
        documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
      },
    }))

    const failed = await run(repo, { version: '1.1.0' })

    expect(failed.exitCode).toBe(1)
    expect(failed.failures[0]).toMatch(
      /^Release v1\.1\.0 stopped at 'create GitHub Release v1\.1\.0, marked latest' after: create annotated tag v1\.1\.0 at [0-9a-f]{12} \("Release v1\.1\.0"\); push tag v1\.1\.0 to origin: Could not create the release v1\.1\.0 on GitHub: Validation Failed/,
    )
    expect(repo.remoteTagCommit('v1.1.0')).toBe(head)
    expect(repo.remoteTagCommit('v1')).toBe(v100)

    serveReleases(['v1.0.0'])
    repo.clone('v1.1.0')
    const rerun = await run(
      repo,
      { version: '1.1.0' },
      { ...dispatch, payload: { ...dispatch.payload, ref: 'refs/tags/v1.1.0' } },
    )
    expect(rerun.failures).toEqual([])
    expect(rerun.outputs['release-url']).toBe('https://github.com/octo/app/releases/tag/v1.1.0')
    expect(repo.remoteTagCommit('v1')).toBe(head)
  })
})

describe('refusals: a clear message and nothing created', () => {
  async function expectRefusal(
    repo: ActionRepo,
    inputs: Record<string, string>,
    message: string,
  ): Promise<ActionRun> {
    const remoteBefore = repo.remoteRefs()
    const localBefore = repo.localTags()
    const result = await run(repo, inputs)
    expect(result.exitCode).toBe(1)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain(message)
    expect(result.failures[0]).toMatch(
      /^Refusing to release v\S+[: ].*nothing was tagged, pushed or released/is,
    )
    expect(repo.remoteRefs()).toEqual(remoteBefore)
    expect(repo.localTags()).toEqual(localBefore)
    expect(gh.calls('repos/create-release')).toEqual([])
    return result
  }

  it('refuses stale bundles', async () => {
    const { repo } = standardRepo()
    track(repo)
    repo.commit('fix: forgot to rebuild', BOB, { build: false })
    repo.push('main')
    repo.clone()
    serveReleases(['v1.0.0'])
    // A wildcard dist path covers the files below the folders it matches.
    await expectRefusal(
      repo,
      { version: '1.1.0', 'dist-paths': 'di*t' },
      "The committed bundles are out of date: 'node build.mjs' changed dist/index.js; run the build and commit di*t before releasing",
    )
  })

  it('refuses stale bundles reported by a verify-command', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases(['v1.0.0'])
    const result = await run(repo, {
      version: '1.1.0',
      'build-command': '',
      'verify-command': 'git diff --quiet HEAD~1 -- dist',
    })
    expect(result.failures[0]).toContain(
      "The bundles are not current: 'git diff --quiet HEAD~1 -- dist' exited with code 1; rebuild and commit them before releasing",
    )
    expect(gh.calls('repos/create-release')).toEqual([])
  })

  it('refuses a tag that exists', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases([])
    await expectRefusal(repo, { version: '1.0.0' }, 'Tag v1.0.0 already exists on origin (at ')
  })

  it('refuses a version lower than the latest release of its major, unless allow-older', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases(['v1.3.0', 'v1.0.0', 'v2.0.0'])
    await expectRefusal(
      repo,
      { version: '1.2.0' },
      "Version 1.2.0 is not greater than v1.3.0, the latest release of major 1: release a higher version, or set 'allow-older: true'",
    )
    const older = await run(repo, { version: '1.2.0', 'allow-older': 'true', 'dry-run': 'true' })
    expect(older.failures).toEqual([])
    expect(older.stdout).toContain('v1 stays: v1.3.0 is newer')
    expect(older.stdout).toContain('would create GitHub Release v1.2.0\n')
  })

  it('finds the latest release of the major on a later page of the releases', async () => {
    const { repo } = standardRepo()
    track(repo)
    serveReleases([])
    const all = [...Array.from({ length: 100 }, (_, i) => `v1.0.${i + 1}`), 'v1.9.0']
    gh.on('repos/list-releases', (req) => {
      const page = Number(req.query.page)
      return { status: 200, body: all.slice((page - 1) * 100, page * 100).map((t) => release(t)) }
    })
    await expectRefusal(
      repo,
      { version: '1.5.0' },
      'Version 1.5.0 is not greater than v1.9.0, the latest release of major 1',
    )
    expect(gh.calls('repos/list-releases').map((c) => c.query.page)).toEqual(['1', '2'])
  })

  it('refuses a commit that is not on the default or a release branch', async () => {
    const { repo } = standardRepo()
    track(repo)
    repo.git(repo.maintainer, ['checkout', '--quiet', '-b', 'feature/x'])
    repo.commit('feat: unmerged work')
    repo.push('feature/x')
    repo.clone('feature/x')
    serveReleases(['v1.0.0'])
    await expectRefusal(
      repo,
      { version: '1.1.0' },
      "is not on the release branch main of origin: release only commits that are merged there (or add the branch to 'release-branches')",
    )
    const allowed = await run(repo, { version: '1.1.0', 'release-branches': 'feature/*', 'dry-run': 'true' })
    expect(allowed.failures).toEqual([])
    expect(allowed.stdout).toContain('on feature/x')
  })
})
