import { valueToString, type Value } from './expression-evaluator'

/**
 * The GITHUB_* variables a step sees and the `github` context key each one carries, as
 * the runner sets them from the context (GITHUB_EVENT_PATH, GITHUB_WORKSPACE and
 * GITHUB_JOB come from where the job runs).
 */
const GITHUB_VARIABLES = {
  GITHUB_EVENT_NAME: 'event_name',
  GITHUB_SHA: 'sha',
  GITHUB_REF: 'ref',
  GITHUB_REF_NAME: 'ref_name',
  GITHUB_REF_TYPE: 'ref_type',
  GITHUB_HEAD_REF: 'head_ref',
  GITHUB_BASE_REF: 'base_ref',
  GITHUB_REPOSITORY: 'repository',
  GITHUB_REPOSITORY_OWNER: 'repository_owner',
  GITHUB_SERVER_URL: 'server_url',
  GITHUB_API_URL: 'api_url',
  GITHUB_GRAPHQL_URL: 'graphql_url',
  GITHUB_RUN_ID: 'run_id',
  GITHUB_RUN_NUMBER: 'run_number',
  GITHUB_RUN_ATTEMPT: 'run_attempt',
  GITHUB_ACTOR: 'actor',
  GITHUB_TRIGGERING_ACTOR: 'triggering_actor',
  GITHUB_WORKFLOW: 'workflow',
  GITHUB_WORKSPACE: 'workspace',
  GITHUB_JOB: 'job',
  GITHUB_ACTION: 'action',
  GITHUB_ACTION_PATH: 'action_path',
  GITHUB_ACTION_REPOSITORY: 'action_repository',
  GITHUB_ACTION_REF: 'action_ref',
} as const

/** The runner context's keys and the RUNNER_* variables carrying them. */
const RUNNER_VARIABLES = {
  RUNNER_OS: 'os',
  RUNNER_ARCH: 'arch',
  RUNNER_NAME: 'name',
  RUNNER_TEMP: 'temp',
  RUNNER_TOOL_CACHE: 'tool_cache',
  RUNNER_DEBUG: 'debug',
  RUNNER_ENVIRONMENT: 'environment',
} as const

/** The GITHUB_* variables of a `github` context (the keys it has; workspace and job when set). */
export function githubEnvironment(github: Readonly<Record<string, Value>>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, key] of Object.entries(GITHUB_VARIABLES)) {
    const value = github[key]
    if (value !== undefined) env[name] = value === null ? '' : valueToString(value)
  }
  return env
}

/**
 * The `github` and `runner` contexts a step's environment stands for (the reverse of
 * githubEnvironment): what the test harness, which starts from variables, gives
 * expressions such as action.yml input defaults. `github.token` is GITHUB_TOKEN there,
 * `github.event` the payload.
 */
export function contextsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  event: Value,
): { github: Record<string, Value>; runner: Record<string, Value> } {
  const github: Record<string, Value> = { event, token: env.GITHUB_TOKEN ?? '' }
  for (const [name, key] of Object.entries(GITHUB_VARIABLES)) github[key] = env[name] ?? ''
  const runner: Record<string, Value> = {}
  for (const [name, key] of Object.entries(RUNNER_VARIABLES)) runner[key] = env[name] ?? ''
  return { github, runner }
}
