import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadGitHubClient } from '../../packages/action-runtime/src'
import { publishCheckRun } from '../../packages/check-run/src'
import { createRecordingLogger } from '../../packages/common/src'
import { startGitHubFake, type GitHubFake } from '../github-fake'

let gh: GitHubFake
beforeAll(async () => {
  gh = await startGitHubFake({ token: 'ghs_checks' })
})
afterAll(() => gh.close())

it('creates and updates a check run that GitHub would accept, annotations in batches of 50', async () => {
  const log = createRecordingLogger()
  const client = await loadGitHubClient({ token: 'ghs_checks', baseUrl: gh.url, log })
  const outcome = await publishCheckRun(
    client,
    {
      owner: 'octo',
      repo: 'app',
      headSha: 'c'.repeat(40),
      name: 'Test results',
      conclusion: 'failure',
      title: '2 of 120 failed',
      summary: 'x'.repeat(70_000),
      text: 'details',
      detailsUrl: 'https://github.com/octo/app/actions/runs/1',
      annotations: Array.from({ length: 75 }, (_, i) => ({
        path: 'src/a.test.ts',
        start_line: i + 1,
        end_line: i + 1,
        start_column: 3,
        end_column: 9,
        annotation_level: 'failure' as const,
        message: `expected ${i}`,
        title: `test ${i}`,
        raw_details: 'at src/a.test.ts:1:3',
      })),
    },
    log,
  )
  expect(gh.violations).toEqual([])
  expect(outcome).toMatchObject({ published: true, annotationsSent: 75, requests: 2 })
  const create = gh.calls('checks/create')
  const update = gh.calls('checks/update')
  expect(create).toHaveLength(1)
  expect(update).toHaveLength(1)
  expect((create[0]!.body as any).output.annotations).toHaveLength(50)
  expect((create[0]!.body as any).output.summary.length).toBeLessThanOrEqual(65_535)
  expect((update[0]!.body as any).output.annotations).toHaveLength(25)
  expect(update[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure' })
})

it('falls back when the token may not write checks (403)', async () => {
  gh.on('checks/create', () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }))
  const log = createRecordingLogger()
  const client = await loadGitHubClient({ token: 'ghs_checks', baseUrl: gh.url, log })
  const outcome = await publishCheckRun(
    client,
    {
      owner: 'octo',
      repo: 'app',
      headSha: 'c'.repeat(40),
      name: 'T',
      conclusion: 'success',
      title: 't',
      summary: 's',
      annotations: [],
    },
    log,
  )
  expect(outcome.published).toBe(false)
  expect(gh.violations).toEqual([])
})
