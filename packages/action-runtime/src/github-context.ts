import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'

/** What a step knows about its run, read once from the runner's environment. */
export interface RunContext {
  readonly eventName: string
  readonly payload: Record<string, any>
  readonly owner: string
  readonly repo: string
  readonly sha: string
  readonly ref: string
  readonly workspace: string
  readonly serverUrl: string
  readonly apiUrl: string
  readonly runId: string
  readonly runAttempt: string
  readonly actor: string
  readonly job: string
  /** Link to this workflow run, for log_url and summaries. */
  readonly runUrl: string
  /** RUNNER_TEMP as the runner set it (emptied at the start and end of every job); undefined outside a runner. */
  readonly runnerTemp: string | undefined
  /** Where a step puts its temporary files: RUNNER_TEMP, or the system's temp folder outside a runner. */
  readonly tempDir: string
}

/** Reads the run context from environment variables and the event payload file. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  let payload: Record<string, any> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
    } catch {
      payload = {}
    }
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runId = env.GITHUB_RUN_ID ?? ''
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    serverUrl,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    actor: env.GITHUB_ACTOR ?? '',
    job: env.GITHUB_JOB ?? '',
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    runnerTemp: env.RUNNER_TEMP || undefined,
    tempDir: env.RUNNER_TEMP || tmpdir(),
  }
}
