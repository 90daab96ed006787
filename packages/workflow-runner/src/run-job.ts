import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describeError } from '@pipeline-kit/common'
import { isMapping } from './actions-libraries'
import { applyMasks } from './commands'
import { evaluateStringMap, evaluateToken, valueToString, type Contexts, type Value } from './expressions'
import type { JobPlan } from './load-workflow'
import type { MatrixCombination } from './matrix'
import { initializeContainers } from './job-docker'
import { baseContexts, type JobState, type RunContext } from './run-context'
import { cancelReason } from './job-status'
import { runPreSteps, runStep, type RunDefaults } from './run-step'
import { timeoutMinutes } from './step-values'
import { refusedToolkitManifest } from './toolkit-action'
import type { JobResult } from './types'

/** One instance of a job: its matrix combination, strategy context, display name and needs. */
export interface JobInstance {
  readonly job: JobPlan
  readonly matrix: MatrixCombination
  readonly strategy: Record<string, Value>
  readonly name: string
  readonly needs: Record<string, Value>
  /** Aborted when fail-fast cancels the matrix's other combinations. */
  readonly signal?: AbortSignal
}

/**
 * Runs one job instance in its own workspace: workflow and job env, defaults and
 * timeout evaluated, the steps in order, post steps in reverse, then the job outputs.
 */
export async function runJobInstance(run: RunContext, instance: JobInstance): Promise<JobResult> {
  const { job, matrix, name } = instance
  const started = performance.now()
  run.reporter.jobStarted({ id: job.id, name })
  const dir = join(run.workDir, `job-${++run.jobCounter}-${job.id}`)
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  mkdirSync(join(run.workDir, 'runner-temp'), { recursive: true })
  const state: JobState = {
    plan: job,
    name,
    workspace,
    stepsDir: join(dir, 'steps'),
    env: {},
    path: [],
    steps: {},
    results: [],
    posts: [],
    cleanups: [],
    masks: Object.values(run.options.secrets ?? {}).filter((s) => s.length > 0),
    actionState: {},
    failed: false,
    signal: instance.signal,
    contexts: () => ({}),
  }
  const github = { ...run.github, workspace, job: job.id }
  const staticContexts = {
    ...baseContexts(run),
    github,
    needs: instance.needs,
    matrix,
    strategy: instance.strategy,
  }
  let workflowEnv: Record<string, string> = {}
  let jobEnv: Record<string, string> = {}
  let environment: string | undefined
  let outputs: Record<string, string> = {}
  try {
    // GitHub's schema gives runs-on github, inputs, vars, needs, strategy and matrix.
    const all: Contexts = staticContexts
    const runsOnContexts = ['github', 'inputs', 'vars', 'needs', 'strategy', 'matrix'].map((k) => [
      k,
      all[k]!,
    ])
    try {
      evaluateToken(job.runsOn, { contexts: Object.fromEntries(runsOnContexts) })
    } catch (error) {
      throw new Error(`Error when evaluating 'runs-on' for job '${job.id}'. ${describeError(error)}`)
    }
    workflowEnv = evaluateStringMap(run.plan.env, { contexts: staticContexts })
    jobEnv = evaluateStringMap(job.env, { contexts: { ...staticContexts, env: workflowEnv } })
    // Only the name is known before the steps run; environment.url may read steps.<id>.outputs.
    const nameToken =
      job.environment && isMapping(job.environment) ? job.environment.find('name') : job.environment
    const env = evaluateToken(nameToken, { contexts: staticContexts })
    environment = env === null ? undefined : valueToString(env)
  } catch (error) {
    state.failed = true
    state.firstFailure = describeError(error)
  }
  let jobDocker: Record<string, Value> = {}
  state.contexts = () => ({
    ...staticContexts,
    env: { ...workflowEnv, ...jobEnv, ...state.env },
    steps: state.steps as unknown as Value,
    job: {
      status: state.failed ? 'failure' : state.signal?.aborted ? 'cancelled' : 'success',
      ...jobDocker,
    },
  })
  let defaults: RunDefaults = {}
  try {
    defaults = runDefaults(run, job, staticContexts, workflowEnv, jobEnv)
  } catch (error) {
    state.failed = true
    state.firstFailure ??= `defaults.run: ${describeError(error)}`
  }
  const jobTimeout = timeoutMinutes(evaluateToken(job.timeoutMinutes, { contexts: staticContexts }))
  const deadline = jobTimeout ? Date.now() + jobTimeout * 60_000 : undefined

  if (!state.failed) {
    const refused = refusedToolkitManifest(run.options.toolkitRoot, job)
    if (refused) {
      state.failed = true
      state.firstFailure = refused
    }
  }
  if (!state.failed) {
    try {
      jobDocker = await initializeContainers(run, state, job, staticContexts)
    } catch (error) {
      state.failed = true
      state.firstFailure = describeError(error)
    }
  }
  if (!state.failed) await runPreSteps(run, state, job.steps, { ...workflowEnv, ...jobEnv })
  if (!state.failed) {
    for (const step of job.steps) {
      await runStep(run, state, step, { ...workflowEnv, ...jobEnv }, defaults, deadline)
    }
  }
  try {
    for (const post of state.posts.reverse()) await post()
  } finally {
    for (const cleanup of state.cleanups.reverse()) await cleanup().catch(() => {})
  }
  try {
    outputs = evaluateStringMap(job.outputs, { contexts: state.contexts() })
  } catch (error) {
    state.failed = true
    state.firstFailure ??= `outputs: ${describeError(error)}`
  }
  const cancelled = instance.signal?.aborted === true
  const failed = state.failed && !jobContinuesOnError(job, staticContexts)
  const result: JobResult = {
    id: job.id,
    name,
    matrix: Object.keys(matrix).length > 0 ? matrix : undefined,
    result: cancelled ? 'cancelled' : failed ? 'failure' : 'success',
    outputs,
    steps: state.results,
    reason: cancelled
      ? cancelReason(instance.signal!)
      : state.failed && state.firstFailure !== undefined
        ? applyMasks(state.firstFailure, state.masks)
        : undefined,
    environment,
    durationMs: performance.now() - started,
  }
  run.reporter.jobFinished(result)
  return result
}

/**
 * `defaults.run` of the job, else of the workflow; `env` is available in both (the
 * workflow's env at workflow level, with the job's at job level), as GitHub's context table says.
 */
function runDefaults(
  run: RunContext,
  job: JobPlan,
  contexts: Contexts,
  workflowEnv: Record<string, string>,
  jobEnv: Record<string, string>,
): RunDefaults {
  const read = (token: typeof job.defaults, env: Record<string, string>) => {
    const value = evaluateToken(token, { contexts: { ...contexts, env } }) as Record<
      string,
      Record<string, Value>
    > | null
    return { shell: value?.run?.shell, workingDirectory: value?.run?.['working-directory'] }
  }
  const workflow = read(run.plan.defaults, workflowEnv)
  const own = read(job.defaults, { ...workflowEnv, ...jobEnv })
  const str = (v: Value | undefined) => (v === undefined || v === null ? undefined : valueToString(v))
  return {
    shell: str(own.shell ?? workflow.shell),
    workingDirectory: str(own.workingDirectory ?? workflow.workingDirectory),
  }
}

/** `jobs.<id>.continue-on-error`: a failed job that allows it counts as a success for `needs`. */
function jobContinuesOnError(job: JobPlan, contexts: Contexts): boolean {
  if (job.continueOnError === undefined) return false
  try {
    return valueToString(evaluateToken(job.continueOnError, { contexts })) === 'true'
  } catch {
    return false
  }
}
