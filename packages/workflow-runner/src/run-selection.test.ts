import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildGithubContext } from './github-context'
import { createPushPayload, loadWorkflow, readHeadCommit, selectJobs } from './index'

const workflow = [
  'on: push',
  'jobs:',
  '  lint: { runs-on: ubuntu-latest, steps: [{ run: "true" }] }',
  '  build: { runs-on: ubuntu-latest, steps: [{ run: "true" }] }',
  '  test: { runs-on: ubuntu-latest, needs: build, steps: [{ run: "true" }] }',
  '  deploy: { runs-on: ubuntu-latest, needs: [test, lint], steps: [{ run: "true" }] }',
  '  docs: { runs-on: ubuntu-latest, needs: build, steps: [{ run: "true" }] }',
].join('\n')

describe('selectJobs', () => {
  it('keeps the named jobs and everything they need, in file order', async () => {
    const plan = await loadWorkflow('ci.yml', workflow)
    expect(selectJobs(plan, ['test']).jobs.map((j) => j.id)).toEqual(['build', 'test'])
    expect(selectJobs(plan, ['deploy']).jobs.map((j) => j.id)).toEqual(['lint', 'build', 'test', 'deploy'])
    expect(selectJobs(plan, ['docs', 'lint']).jobs.map((j) => j.id)).toEqual(['lint', 'build', 'docs'])
    expect(selectJobs(plan, [])).toBe(plan)
  })

  it('names the unknown job and the jobs there are', async () => {
    const plan = await loadWorkflow('ci.yml', workflow)
    expect(() => selectJobs(plan, ['tests'])).toThrow(
      "--job tests: ci.yml has no job 'tests' (jobs: lint, build, test, deploy, docs)",
    )
  })
})

const commit = {
  sha: 'a'.repeat(40),
  treeSha: 'b'.repeat(40),
  parentSha: 'c'.repeat(40),
  message: 'Add the thing',
  timestamp: '2026-12-04T18:00:00+01:00',
  author: { name: 'Mona', email: 'mona@example.com' },
  committer: { name: 'Mona', email: 'mona@example.com' },
}

describe('createPushPayload', () => {
  it('has what a push webhook has: ref, before/after, head_commit, pusher, repository, sender', () => {
    const payload = createPushPayload({
      ref: 'refs/heads/feature',
      sha: commit.sha,
      repository: 'octo/app',
      defaultBranch: 'main',
      actor: 'mona',
      commit,
    })
    expect(payload).toMatchObject({
      ref: 'refs/heads/feature',
      before: commit.parentSha,
      after: commit.sha,
      created: false,
      deleted: false,
      compare: 'https://github.com/octo/app/compare/cccccccccccc...aaaaaaaaaaaa',
      head_commit: {
        id: commit.sha,
        tree_id: commit.treeSha,
        message: 'Add the thing',
        timestamp: commit.timestamp,
        url: `https://github.com/octo/app/commit/${commit.sha}`,
        author: { name: 'Mona', email: 'mona@example.com' },
      },
      pusher: { name: 'mona' },
      repository: { name: 'app', full_name: 'octo/app', owner: { login: 'octo' }, default_branch: 'main' },
      sender: { login: 'mona' },
    })
    expect(payload.commits).toEqual([payload.head_commit])
  })

  it('is a created ref with no head_commit when the commit is unknown', () => {
    const payload = createPushPayload({
      ref: 'refs/tags/v1',
      sha: commit.sha,
      repository: 'o/r',
      defaultBranch: 'main',
      actor: 'x',
    })
    expect(payload).toMatchObject({ before: '0'.repeat(40), created: true, head_commit: null, commits: [] })
  })
})

describe('the github context of a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-head-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('takes the actor from the event sender, and the default push from HEAD', () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Mona',
          GIT_AUTHOR_EMAIL: 'mona@example.com',
          GIT_COMMITTER_NAME: 'Mona',
          GIT_COMMITTER_EMAIL: 'mona@example.com',
        },
      })
    git('init', '-q')
    writeFileSync(join(dir, 'a.txt'), 'a')
    git('add', '.')
    git('commit', '-qm', 'first\n\nbody line')
    const head = readHeadCommit(dir)!
    expect(head).toMatchObject({
      message: 'first\n\nbody line',
      author: { name: 'Mona' },
      parentSha: undefined,
    })
    const github = buildGithubContext({ source: dir, workflowName: 'ci', repository: 'octo/app' })
    expect(github).toMatchObject({
      sha: head.sha,
      ref: 'refs/heads/main',
      actor: process.env.USER ?? 'local',
    })
    expect(github.event).toMatchObject({
      after: head.sha,
      head_commit: { id: head.sha, message: 'first\n\nbody line' },
    })

    const fromEvent = buildGithubContext({
      source: dir,
      workflowName: 'ci',
      event: {
        name: 'pull_request',
        payload: {
          sender: { login: 'hubot' },
          pull_request: { number: 7, head: { sha: 'd'.repeat(40), ref: 'f' }, base: { ref: 'main' } },
        },
      },
    })
    expect(fromEvent).toMatchObject({
      actor: 'hubot',
      triggering_actor: 'hubot',
      ref: 'refs/pull/7/merge',
      head_ref: 'f',
    })
  })
})
