import { describe, expect, it } from 'vitest'
import { loadWorkflow } from '@pipeline-kit/workflow-runner'
import { parseRunArgs } from './parse-run-args'
import { buildRunEvent, checkTriggeredBy, type GitFacts } from './run-event'

const head = {
  sha: 'a'.repeat(40),
  treeSha: 'b'.repeat(40),
  parentSha: 'c'.repeat(40),
  message: 'Fix it',
  timestamp: '2026-12-04T18:00:00Z',
  author: { name: 'Mona', email: 'mona@example.com' },
  committer: { name: 'Mona', email: 'mona@example.com' },
}
const facts: GitFacts = {
  branch: 'feature',
  defaultBranch: 'trunk',
  repository: 'octo/app',
  head,
  user: 'mona',
}
const run = (...argv: string[]) => parseRunArgs(['run', ...argv])

describe('buildRunEvent', () => {
  it('defaults to a push of the checked-out branch and HEAD, by the local user', () => {
    const { event, ref, sha, repository, warnings } = buildRunEvent(run(), facts)
    expect({ name: event.name, ref, sha, repository, warnings }).toEqual({
      name: 'push',
      ref: 'refs/heads/feature',
      sha: head.sha,
      repository: 'octo/app',
      warnings: [],
    })
    expect(event.payload).toMatchObject({
      ref: 'refs/heads/feature',
      before: head.parentSha,
      after: head.sha,
      head_commit: { id: head.sha, message: 'Fix it' },
      pusher: { name: 'mona' },
      sender: { login: 'mona' },
      repository: { full_name: 'octo/app', default_branch: 'trunk' },
    })
  })

  it('takes --ref, --sha, --repository and --actor into the generated push', () => {
    const sha = 'd'.repeat(40)
    const { event } = buildRunEvent(
      run('--ref', 'refs/tags/v2', '--sha', sha, '--repository', 'acme/site', '--actor', 'hubot'),
      facts,
    )
    expect(event.payload).toMatchObject({
      ref: 'refs/tags/v2',
      after: sha,
      head_commit: null,
      sender: { login: 'hubot' },
      repository: { full_name: 'acme/site' },
    })
  })

  it('pushes the default branch when HEAD is detached', () => {
    expect(buildRunEvent(run(), { ...facts, branch: undefined }).ref).toBe('refs/heads/trunk')
  })

  it('uses an event file as it is, with --actor as its sender and its repository', () => {
    const payload = {
      action: 'opened',
      pull_request: { number: 3 },
      repository: { full_name: 'up/stream' },
      sender: { login: 'x', id: 9 },
    }
    const built = buildRunEvent(
      run('--event', 'pull_request', '--event-file', 'pr.json', '--actor', 'mona'),
      facts,
      payload,
    )
    expect(built.event).toEqual({
      name: 'pull_request',
      payload: {
        ...payload,
        sender: { login: 'mona', id: 0, type: 'User', html_url: 'https://github.com/mona' },
      },
    })
    expect(built.repository).toBe('up/stream')
    expect(payload.sender.login).toBe('x')
  })

  it('refuses an event file that is not an object, naming it', () => {
    expect(() => buildRunEvent(run('--event-file', 'e.json'), facts, [1])).toThrow(
      '--event-file e.json: expected a JSON object (a webhook payload)',
    )
  })

  it('gives workflow_dispatch its inputs and ref; other events a minimal payload and a warning', () => {
    expect(
      buildRunEvent(run('--event', 'workflow_dispatch', '--input', 'level=2'), facts).event.payload,
    ).toMatchObject({
      inputs: { level: '2' },
      ref: 'refs/heads/feature',
      sender: { login: 'mona' },
    })
    const other = buildRunEvent(run('--event', 'issues'), facts)
    expect(Object.keys(other.event.payload)).toEqual(['repository', 'sender'])
    expect(other.warnings).toEqual([
      '--event issues without --event-file: github.event has only repository and sender; pass the payload GitHub would send with --event-file',
    ])
  })
})

describe('checkTriggeredBy', () => {
  it('refuses an explicit event the workflow does not run on', async () => {
    const plan = await loadWorkflow(
      'ci.yml',
      'on: [push, pull_request]\njobs:\n  a: { runs-on: x, steps: [{ run: "true" }] }',
    )
    expect(() => checkTriggeredBy(plan, run('--event', 'pull_request'))).not.toThrow()
    expect(() => checkTriggeredBy(plan, run())).not.toThrow()
    expect(() => checkTriggeredBy(plan, run('--event', 'release'))).toThrow(
      '--event release: ci.yml does not run on release (on: push, pull_request)',
    )
  })
})
