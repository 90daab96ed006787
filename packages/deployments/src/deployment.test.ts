import { ApiRequestError, createRecordingLogger, describeApiFailure } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import {
  markEarlierInactive,
  startDeployment,
  untrackedDeployment,
  type DeploymentRequest,
} from './deployment'
import { ApiDeadlineError, fitDescription, type GitHubRequester } from './github-requester'

interface Call {
  route: string
  params: Record<string, unknown>
}

/** A requester answering from a route table, recording every call. */
function scripted(
  answers: Record<string, (params: Record<string, any>) => { status: number; data: unknown }>,
) {
  const calls: Call[] = []
  const client: GitHubRequester = {
    request: async (route, params = {}) => {
      calls.push({ route, params })
      const answer = answers[route]
      if (!answer) throw Object.assign(new Error(`unexpected ${route}`), { status: 500 })
      return answer(params)
    },
  }
  return { client, calls }
}

const request: DeploymentRequest = {
  owner: 'octo',
  repo: 'app',
  ref: '0123456789abcdef0123456789abcdef01234567',
  environment: 'staging',
  transient: false,
  production: false,
  logUrl: 'https://github.com/octo/app/actions/runs/1',
  payload: { image: 'app:v2' },
}

const CREATE = 'POST /repos/{owner}/{repo}/deployments'
const STATUS = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'
const LIST = 'GET /repos/{owner}/{repo}/deployments'
const STATUSES = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'

describe('startDeployment', () => {
  it('creates the deployment, sets in_progress, success with the URL, and marks earlier successes inactive', async () => {
    const latest: Record<number, string> = { 40: 'success', 41: 'failure', 42: 'inactive' }
    const { client, calls } = scripted({
      [CREATE]: () => ({ status: 201, data: { id: 50 } }),
      [STATUS]: () => ({ status: 201, data: {} }),
      [LIST]: () => ({
        status: 200,
        data: [50, 42, 41, 40].map((id) => ({ id, environment: 'staging' })),
      }),
      [STATUSES]: (p) => ({ status: 200, data: [{ state: latest[p.deployment_id as number] }] }),
    })
    const log = createRecordingLogger()
    const tracker = await startDeployment(client, request, log)
    expect(tracker.id).toBe(50)
    await tracker.finish('success', { environmentUrl: 'https://staging.example', description: 'Deployed r1' })

    expect(calls[0]).toEqual({
      route: CREATE,
      params: expect.objectContaining({
        ref: request.ref,
        environment: 'staging',
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: false,
        payload: { image: 'app:v2' },
      }),
    })
    const statuses = calls
      .filter((c) => c.route === STATUS)
      .map((c) => [c.params.deployment_id, c.params.state])
    expect(statuses).toEqual([
      [50, 'in_progress'],
      [50, 'success'],
      [40, 'inactive'],
    ])
    expect(calls.find((c) => c.params.state === 'success')?.params).toMatchObject({
      environment_url: 'https://staging.example',
      log_url: request.logUrl,
      auto_inactive: false,
    })
    expect(tracker.events.map((e) => e.state)).toEqual(['created', 'in_progress', 'success', 'inactive'])
  })

  it('reports failure without touching earlier deployments', async () => {
    const { client, calls } = scripted({
      [CREATE]: () => ({ status: 201, data: { id: 7 } }),
      [STATUS]: () => ({ status: 201, data: {} }),
    })
    const tracker = await startDeployment(client, request, createRecordingLogger())
    await tracker.finish('failure', { description: 'Smoke checks failed; rolled back to r0' })
    expect(calls.map((c) => c.params.state ?? c.route)).toEqual([CREATE, 'in_progress', 'failure'])
    expect(calls.at(-1)?.params).not.toHaveProperty('environment_url')
  })

  it('explains a refused create and suggests track: false', async () => {
    const { client } = scripted({
      [CREATE]: () => {
        throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 })
      },
    })
    await expect(startDeployment(client, request, createRecordingLogger())).rejects.toThrow(
      /deployments: write.*track: false/,
    )
  })

  it('does not fail the deployment when a status update fails, but warns', async () => {
    const { client } = scripted({
      [CREATE]: () => ({ status: 201, data: { id: 9 } }),
      [STATUS]: (p) => {
        if (p.state === 'success') throw Object.assign(new Error('Server Error'), { status: 502 })
        return { status: 201, data: {} }
      },
    })
    const log = createRecordingLogger()
    const tracker = await startDeployment(client, request, log)
    await tracker.finish('success', { description: 'ok' })
    expect(log.lines).toContainEqual({
      level: 'warning',
      message: "Could not create deployment status 'success' for 'staging': 502 Server Error",
    })
    expect(tracker.apiFailures).toEqual([
      "Could not create deployment status 'success' for 'staging': 502 Server Error",
    ])
  })

  it('deploys untracked with one warning when the create fails after retries, and fails with failOnApiError', async () => {
    const serverError = () => {
      // What the runtime's client throws once its retries are spent.
      throw new ApiRequestError('500', { status: 500, attempts: 4, response: { status: 500 } })
    }
    const log = createRecordingLogger()
    const tracker = await startDeployment(scripted({ [CREATE]: serverError }).client, request, log)
    expect(tracker.id).toBeUndefined()
    expect(tracker.apiFailures).toEqual(["Could not create deployment for 'staging': 500 after 4 attempts"])
    expect(log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      "Could not create deployment for 'staging': 500 after 4 attempts; deploying without tracking (fail-on-api-error: true fails instead)",
    ])
    await tracker.finish('success', { description: 'ok' })
    await expect(
      startDeployment(scripted({ [CREATE]: serverError }).client, request, createRecordingLogger(), {
        failOnApiError: true,
      }),
    ).rejects.toThrow(/^Could not create deployment for 'staging': 500 after 4 attempts$/)
  })

  it('gives up on a status call that never answers at the deadline, with one warning', async () => {
    const { client } = scripted({
      [CREATE]: () => ({ status: 201, data: { id: 11 } }),
      [STATUS]: () => new Promise<never>(() => {}) as never,
    })
    const log = createRecordingLogger()
    const started = performance.now()
    const tracker = await startDeployment(client, request, log, { timeoutMs: 50 })
    await tracker.finish('success', { description: 'ok' })
    expect(performance.now() - started).toBeLessThan(5000)
    expect(tracker.apiFailures).toEqual([
      "Could not create deployment status 'in_progress' for 'staging': no answer within 50ms",
      "Could not create deployment status 'success' for 'staging': no answer within 50ms",
    ])
  })

  it('pages through the deployment list', async () => {
    const pageOne = Array.from({ length: 100 }, (_, i) => ({ id: 1000 - i, environment: 'staging' }))
    const { client, calls } = scripted({
      [LIST]: (p) => ({ status: 200, data: p.page === 1 ? pageOne : [{ id: 5, environment: 'staging' }] }),
      [STATUSES]: (p) => ({ status: 200, data: p.deployment_id === 5 ? [{ state: 'success' }] : [] }),
      [STATUS]: () => ({ status: 201, data: {} }),
    })
    expect(await markEarlierInactive(client, request, 2000)).toEqual([5])
    expect(calls.filter((c) => c.route === LIST).map((c) => c.params.page)).toEqual([1, 2])
  })

  it('untracked deployments make no calls', async () => {
    const tracker = untrackedDeployment()
    await tracker.finish('success', { description: 'x' })
    expect(tracker.id).toBeUndefined()
  })
})

describe('fitDescription', () => {
  it('keeps short text and cuts long text to 140 characters', () => {
    expect(fitDescription(' a\nb ')).toBe('a b')
    const long = fitDescription('x'.repeat(300))
    expect(long).toHaveLength(140)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('describeApiFailure for a deployment call', () => {
  it("gives the client's account after its retries, the status GitHub answered, or the deadline", () => {
    expect(describeApiFailure(new ApiRequestError('500', { status: 500, attempts: 4 }))).toBe(
      '500 after 4 attempts',
    )
    expect(describeApiFailure(Object.assign(new Error('Validation Failed'), { status: 422 }))).toBe(
      '422 Validation Failed',
    )
    expect(describeApiFailure(new ApiDeadlineError(60_000))).toBe('no answer within 1m 00s')
  })
})
