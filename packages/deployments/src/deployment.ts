import { describeApiFailure, describeError, errorStatus, UserError, type Logger } from '@pipeline-kit/common'
import { fitDescription, requestWithin, type GitHubRequester } from './github-requester'

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

/** How API failures are treated; tracking is optional, so by default they only warn. */
export interface TrackingOptions {
  /**
   * Fail on an API failure: before the deployment (create, in_progress) by throwing, after it
   * by listing the failure in {@link DeploymentTracker.apiFailures} for the caller to throw
   * once outputs and the summary are written. Default false: each failure is one warning.
   */
  readonly failOnApiError?: boolean
  /** Deadline of each call, its retries included. Default 60 s. */
  readonly timeoutMs?: number
}

/**
 * The Deployments API side of a deployment: created by {@link startDeployment}, closed
 * by {@link DeploymentTracker.finish}. Untracked (`track: false`, or a create that failed
 * without fail-on-api-error) it records nothing.
 */
export interface DeploymentTracker {
  /** The deployment id; undefined when untracked. */
  readonly id: number | undefined
  readonly events: readonly DeploymentEvent[]
  /** One message per failed call (`Could not create deployment status 'success' for 'production': 500 after 4 attempts`). */
  readonly apiFailures: readonly string[]
  /**
   * Sets the final status. On success every earlier deployment of the environment whose
   * latest status is `success` gets an `inactive` status. A failed call never throws: the
   * deployment itself already happened, its outcome must not be hidden.
   */
  finish(state: FinalState, details: { environmentUrl?: string; description: string }): Promise<void>
}

/** A tracker for `track: false`: no API calls, no id. */
export function untrackedDeployment(apiFailures: readonly string[] = []): DeploymentTracker {
  return { id: undefined, events: [], apiFailures, finish: async () => {} }
}

const DEFAULT_TIMEOUT_MS = 60_000

/**
 * Creates the deployment for the environment and commit and sets it `in_progress` with the
 * run's log URL. A refused create (permissions, a ref GitHub does not know, a merge
 * conflict) is a UserError thrown before anything is deployed. An API that fails
 * otherwise (5xx after the client's retries, unreachable, no answer) only warns, and the
 * deployment goes ahead untracked, unless options.failOnApiError.
 */
export async function startDeployment(
  client: GitHubRequester,
  request: DeploymentRequest,
  log: Logger,
  options: TrackingOptions = {},
): Promise<DeploymentTracker> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let created: { status: number; data: unknown }
  try {
    created = await requestWithin(
      client,
      'POST /repos/{owner}/{repo}/deployments',
      {
        owner: request.owner,
        repo: request.repo,
        ref: request.ref,
        task: request.task ?? 'deploy',
        environment: request.environment,
        description: request.description ? fitDescription(request.description) : undefined,
        payload: request.payload ?? {},
        auto_merge: false,
        required_contexts: [],
        transient_environment: request.transient,
        production_environment: request.production,
      },
      timeoutMs,
    )
  } catch (error) {
    const refused = explainCreateFailure(error, request)
    if (refused) throw refused
    const message = `Could not create deployment for '${request.environment}': ${describeApiFailure(error)}`
    if (options.failOnApiError) throw new UserError(message)
    log.warning(`${message}; deploying without tracking (fail-on-api-error: true fails instead)`)
    return untrackedDeployment([message])
  }
  const data = created.data as { id?: number; message?: string }
  if (created.status !== 201 || typeof data.id !== 'number') {
    throw new UserError(
      `GitHub did not create a deployment of ${request.ref} to ${request.environment}: ${data.message ?? `HTTP ${created.status}`}`,
    )
  }
  log.info(`Created deployment ${data.id} of ${shortRef(request.ref)} to environment ${request.environment}`)
  const tracker = trackDeployment(client, request, data.id, log, options, [
    {
      state: 'created',
      detail: `deployment ${data.id} of ${shortRef(request.ref)} to ${request.environment}`,
    },
  ])
  await tracker.setInProgress()
  if (options.failOnApiError && tracker.apiFailures.length) throw new UserError(tracker.apiFailures[0]!)
  return tracker
}

/**
 * The tracker of a deployment created earlier (the post step closing the deployment of an
 * interrupted main step), with the same failure handling as {@link startDeployment}.
 */
export function resumeDeployment(
  client: GitHubRequester,
  request: DeploymentRequest,
  id: number,
  log: Logger,
  options: TrackingOptions = {},
): DeploymentTracker {
  return trackDeployment(client, request, id, log, options, [])
}

function trackDeployment(
  client: GitHubRequester,
  request: DeploymentRequest,
  id: number,
  log: Logger,
  options: TrackingOptions,
  events: DeploymentEvent[],
): DeploymentTracker & { setInProgress(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const apiFailures: string[] = []
  const failed = (call: string, error: unknown) => {
    const message = `Could not ${call}: ${describeApiFailure(error)}`
    apiFailures.push(message)
    if (!options.failOnApiError) log.warning(message)
  }
  const setStatus = async (state: DeploymentEvent['state'], extra: Record<string, unknown>) => {
    try {
      await requestWithin(
        client,
        'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        {
          owner: request.owner,
          repo: request.repo,
          deployment_id: id,
          state,
          log_url: request.logUrl,
          auto_inactive: false,
          ...extra,
        },
        timeoutMs,
      )
      return true
    } catch (error) {
      failed(`create deployment status '${state}' for '${request.environment}'`, error)
      return false
    }
  }

  return {
    id,
    events,
    apiFailures,
    async setInProgress() {
      if (await setStatus('in_progress', { description: 'Deploying' }))
        events.push({ state: 'in_progress', detail: request.logUrl })
    },
    async finish(state, details) {
      const set = await setStatus(state, {
        description: fitDescription(details.description),
        ...(details.environmentUrl ? { environment_url: details.environmentUrl } : {}),
      })
      if (!set) return
      events.push({ state, detail: details.environmentUrl ?? details.description })
      log.info(`Deployment ${id}: ${state}`)
      if (state !== 'success') return
      try {
        const marked = await markEarlierInactive(client, request, id, timeoutMs)
        if (marked.length) {
          events.push({ state: 'inactive', detail: `earlier deployment(s) ${marked.join(', ')}` })
          log.info(`Marked earlier deployment(s) ${marked.join(', ')} of ${request.environment} inactive`)
        }
      } catch (error) {
        failed(`mark earlier deployments of '${request.environment}' inactive`, error)
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
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<number[]> {
  const repo = { owner: request.owner, repo: request.repo }
  const marked: number[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const listed = await requestWithin(
      client,
      'GET /repos/{owner}/{repo}/deployments',
      { ...repo, environment: request.environment, per_page: 100, page },
      timeoutMs,
    )
    const deployments = listed.data as { id: number; environment?: string }[]
    for (const deployment of deployments) {
      if (deployment.id === currentId || deployment.id > currentId) continue
      if (deployment.environment !== undefined && deployment.environment !== request.environment) continue
      const statuses = await requestWithin(
        client,
        'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        { ...repo, deployment_id: deployment.id, per_page: 1 },
        timeoutMs,
      )
      const latest = (statuses.data as { state: string }[])[0]
      if (latest?.state !== 'success') continue
      await requestWithin(
        client,
        'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        {
          ...repo,
          deployment_id: deployment.id,
          state: 'inactive',
          log_url: request.logUrl,
          description: fitDescription(`Superseded by deployment ${currentId}`),
          auto_inactive: false,
        },
        timeoutMs,
      )
      marked.push(deployment.id)
    }
    if (deployments.length < 100) break
  }
  return marked
}

/** The UserError for a create GitHub refused (a setup the user must fix), else undefined. */
function explainCreateFailure(error: unknown, request: DeploymentRequest): UserError | undefined {
  const status = errorStatus(error)
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
  return undefined
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref
}
