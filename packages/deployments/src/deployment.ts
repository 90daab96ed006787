import { describeError, UserError, type Logger } from '@pipeline-kit/common'
import { fitDescription, httpStatusOf, type GitHubRequester } from './github-requester'

/** What to record in GitHub's Deployments API for one run of actions/deploy. */
export interface DeploymentRequest {
  readonly owner: string
  readonly repo: string
  /** The commit (or branch/tag) being deployed. */
  readonly ref: string
  readonly environment: string
  readonly task?: string
  readonly description?: string
  readonly payload?: Readonly<Record<string, unknown>>
  /** The environment is torn down later (review apps); GitHub never marks it inactive by itself. */
  readonly transient: boolean
  readonly production: boolean
  /** Link to the workflow run, set on every status. */
  readonly logUrl: string
}

export type FinalState = 'success' | 'failure' | 'error'

/** One Deployments API call, for the job summary's timeline. */
export interface DeploymentEvent {
  readonly state: 'created' | 'in_progress' | FinalState | 'inactive'
  readonly detail: string
}

/**
 * The Deployments API side of a deployment: created by {@link startDeployment}, closed
 * by {@link DeploymentTracker.finish}. Untracked (`track: false`) it records nothing.
 */
export interface DeploymentTracker {
  /** The deployment id; undefined when untracked. */
  readonly id: number | undefined
  readonly events: readonly DeploymentEvent[]
  /**
   * Sets the final status. On success every earlier deployment of the environment whose
   * latest status is `success` gets an `inactive` status. Failures of these calls are logged
   * as warnings: the deployment itself already happened, its outcome must not be hidden.
   */
  finish(state: FinalState, details: { environmentUrl?: string; description: string }): Promise<void>
}

/** A tracker for `track: false`: no API calls, no id. */
export function untrackedDeployment(): DeploymentTracker {
  return { id: undefined, events: [], finish: async () => {} }
}

/**
 * Creates the deployment for the environment and commit and sets it `in_progress` with the
 * run's log URL. A refused create (permissions, a ref GitHub does not know, a merge
 * conflict) is a UserError thrown before anything is deployed.
 */
export async function startDeployment(
  client: GitHubRequester,
  request: DeploymentRequest,
  log: Logger,
): Promise<DeploymentTracker> {
  const repo = { owner: request.owner, repo: request.repo }
  const events: DeploymentEvent[] = []
  let created: { status: number; data: unknown }
  try {
    created = await client.request('POST /repos/{owner}/{repo}/deployments', {
      ...repo,
      ref: request.ref,
      task: request.task ?? 'deploy',
      environment: request.environment,
      description: request.description ? fitDescription(request.description) : undefined,
      payload: request.payload ?? {},
      auto_merge: false,
      required_contexts: [],
      transient_environment: request.transient,
      production_environment: request.production,
    })
  } catch (error) {
    throw explainCreateFailure(error, request)
  }
  const data = created.data as { id?: number; message?: string }
  if (created.status !== 201 || typeof data.id !== 'number') {
    throw new UserError(
      `GitHub did not create a deployment of ${request.ref} to ${request.environment}: ${data.message ?? `HTTP ${created.status}`}`,
    )
  }
  const id = data.id
  events.push({
    state: 'created',
    detail: `deployment ${id} of ${shortRef(request.ref)} to ${request.environment}`,
  })
  log.info(`Created deployment ${id} of ${shortRef(request.ref)} to environment ${request.environment}`)

  const setStatus = (state: DeploymentEvent['state'], extra: Record<string, unknown>) =>
    client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...repo,
      deployment_id: id,
      state,
      log_url: request.logUrl,
      auto_inactive: false,
      ...extra,
    })

  try {
    await setStatus('in_progress', { description: 'Deploying' })
    events.push({ state: 'in_progress', detail: request.logUrl })
  } catch (error) {
    log.warning(`Could not set deployment ${id} in_progress: ${describeError(error)}`)
  }

  return {
    id,
    events,
    async finish(state, details) {
      try {
        await setStatus(state, {
          description: fitDescription(details.description),
          ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
        })
        events.push({ state, detail: details.environmentUrl ?? details.description })
        log.info(`Deployment ${id}: ${state}`)
      } catch (error) {
        log.warning(`Could not set deployment ${id} to ${state}: ${describeError(error)}`)
        return
      }
      if (state !== 'success') return
      try {
        const marked = await markEarlierInactive(client, request, id)
        if (marked.length) {
          events.push({ state: 'inactive', detail: `earlier deployment(s) ${marked.join(', ')}` })
          log.info(`Marked earlier deployment(s) ${marked.join(', ')} of ${request.environment} inactive`)
        }
      } catch (error) {
        log.warning(
          `Could not mark earlier deployments of ${request.environment} inactive: ${describeError(error)}`,
        )
      }
    },
  }
}

const MAX_PAGES = 5

/**
 * Sets `inactive` on every other deployment of the environment whose latest status is
 * `success` (GitHub's own auto_inactive skips transient and production environments, so
 * it is done explicitly). Returns the ids marked.
 */
export async function markEarlierInactive(
  client: GitHubRequester,
  request: Pick<DeploymentRequest, 'owner' | 'repo' | 'environment' | 'logUrl'>,
  currentId: number,
): Promise<number[]> {
  const repo = { owner: request.owner, repo: request.repo }
  const marked: number[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const listed = await client.request('GET /repos/{owner}/{repo}/deployments', {
      ...repo,
      environment: request.environment,
      per_page: 100,
      page,
    })
    const deployments = listed.data as { id: number; environment?: string }[]
    for (const deployment of deployments) {
      if (deployment.id === currentId || deployment.id > currentId) continue
      if (deployment.environment !== undefined && deployment.environment !== request.environment) continue
      const statuses = await client.request(
        'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        { ...repo, deployment_id: deployment.id, per_page: 1 },
      )
      const latest = (statuses.data as { state: string }[])[0]
      if (latest?.state !== 'success') continue
      await client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        ...repo,
        deployment_id: deployment.id,
        state: 'inactive',
        log_url: request.logUrl,
        description: fitDescription(`Superseded by deployment ${currentId}`),
        auto_inactive: false,
      })
      marked.push(deployment.id)
    }
    if (deployments.length < 100) break
  }
  return marked
}

function explainCreateFailure(error: unknown, request: DeploymentRequest): unknown {
  const status = httpStatusOf(error)
  const what = `Could not create a GitHub deployment of ${request.ref} to ${request.environment}`
  if (status === 401 || status === 403 || status === 404) {
    return new UserError(
      `${what} (HTTP ${status}): the token needs \`permissions: deployments: write\` ` +
        `(and the repository must exist), or set track: false to deploy without the Deployments API`,
    )
  }
  if (status === 409 || status === 422) {
    return new UserError(`${what} (HTTP ${status}): ${describeError(error)}`)
  }
  return error
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref
}
