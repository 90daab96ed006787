import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '@pipeline-kit/common'
import { evaluateToken, type Value } from './expressions'
import { githubEnvironment } from './github-environment'
import type { WorkflowPlan } from './load-workflow'
import { createPushPayload, readHeadCommit } from './push-event'

export interface GithubContextOptions {
  readonly event?: { readonly name: string; readonly payload: Record<string, unknown> }
  readonly ref?: string
  readonly sha?: string
  readonly repository?: string
  /** The working tree; its git HEAD is the default sha. */
  readonly source: string
  readonly secrets?: Readonly<Record<string, string>>
  readonly workflowName: string
}

/**
 * The `github` context of a local run: from the event payload (default a push of main),
 * with sha, ref, head/base refs, repository and actor (the payload's sender) derived as
 * the runner derives them.
 */
export function buildGithubContext(options: GithubContextOptions): Record<string, Value> {
  const event = options.event ?? defaultPushEvent(options)
  const payload = event.payload as Record<string, any>
  const repository = options.repository ?? payload.repository?.full_name ?? 'octo/app'
  const ref =
    options.ref ??
    payload.ref ??
    (payload.pull_request ? `refs/pull/${payload.pull_request.number}/merge` : 'refs/heads/main')
  // GitHub's actor is the user the event came from: the payload's sender.
  const actor = String(payload.sender?.login ?? process.env.USER ?? 'local')
  return {
    event_name: event.name,
    event: payload as Value,
    sha: options.sha ?? payload.after ?? payload.pull_request?.head?.sha ?? localSha(options.source),
    ref,
    ref_name: String(ref).replace(/^refs\/(heads|tags)\//, ''),
    ref_type: String(ref).startsWith('refs/tags/') ? 'tag' : 'branch',
    head_ref: payload.pull_request?.head?.ref ?? '',
    base_ref: payload.pull_request?.base?.ref ?? '',
    repository,
    repository_owner: repository.split('/')[0]!,
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    graphql_url: 'https://api.github.com/graphql',
    run_id: String(Date.now()),
    run_number: '1',
    run_attempt: '1',
    actor,
    triggering_actor: actor,
    workflow: options.workflowName,
    token: options.secrets?.GITHUB_TOKEN ?? '',
    retention_days: '1',
  }
}

/** A push of main (or the given ref) with the working tree's HEAD commit, by the local user. */
function defaultPushEvent(options: GithubContextOptions): NonNullable<GithubContextOptions['event']> {
  const head = readHeadCommit(options.source)
  const sha = options.sha ?? head?.sha ?? localSha(options.source)
  return {
    name: 'push',
    payload: createPushPayload({
      ref: options.ref ?? 'refs/heads/main',
      sha,
      repository: options.repository ?? 'octo/app',
      defaultBranch: 'main',
      actor: process.env.USER ?? 'local',
      commit: head?.sha === sha ? head : undefined,
    }),
  }
}

/**
 * The `inputs` context: given values typed as declared (boolean, number, string), declared
 * defaults evaluated, a missing required input or an undeclared one a UserError.
 */
export function resolveWorkflowInputs(
  plan: WorkflowPlan,
  given: Readonly<Record<string, string>> | undefined,
  github: Record<string, Value>,
  vars: Readonly<Record<string, string>> | undefined,
): Record<string, Value> {
  const inputs: Record<string, Value> = {}
  for (const [name, spec] of Object.entries(plan.inputs)) {
    const value = given?.[name]
    if (value !== undefined)
      inputs[name] =
        spec.type === 'boolean' ? value === 'true' : spec.type === 'number' ? Number(value) : value
    else if (spec.default)
      inputs[name] = evaluateToken(spec.default, { contexts: { github, inputs: {}, vars: { ...vars } } })
    else if (spec.required)
      throw new UserError(`${plan.file}: input '${name}' is required; pass it with --input ${name}=VALUE`)
  }
  for (const name of Object.keys(given ?? {})) {
    if (!(name in plan.inputs))
      throw new UserError(
        `${plan.file} declares no input '${name}' (declared: ${Object.keys(plan.inputs).join(', ') || 'none'})`,
      )
  }
  return inputs
}

/** The GITHUB_* and RUNNER_* variables every step sees; writes the event payload file once. */
export function runnerEnvironment(
  github: Record<string, Value>,
  where: { readonly workspace: string; readonly jobId: string; readonly workDir: string },
): Record<string, string> {
  const eventPath = join(where.workDir, 'event.json')
  if (!existsSync(eventPath)) writeFileSync(eventPath, JSON.stringify(github.event))
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    PIPELINE_KIT_LOCAL: 'true',
    ...githubEnvironment({ ...github, workspace: where.workspace, job: where.jobId }),
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'pipeline-kit-local',
    RUNNER_TEMP: join(where.workDir, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(where.workDir, 'tool-cache'),
  }
}

function localSha(source: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: source,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return '0000000000000000000000000000000000000000'
  }
}
