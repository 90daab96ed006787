import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { describeError, UserError } from '@pipeline-kit/common'
import {
  convertReferencedWorkflow,
  isMapping,
  NoOperationTraceWriter,
  parseWorkflow,
  type MappingToken,
  type ReusableWorkflowJob,
} from './actions-libraries'
import { evaluateToken, valueToString, type Contexts, type Value } from './expressions'
import { loadWorkflow, type WorkflowPlan } from './load-workflow'
import { locateRemoteWorkflow } from './locate-action'
import { baseContexts, type RunContext } from './run-context'
import type { RunWorkflowOptions } from './run-options'
import type { JobInstance } from './run-job'
import { scheduleJobs } from './schedule-jobs'
import type { JobResult, Reporter } from './types'

/** GitHub's limit: "You can connect up to ten levels of workflows" (the caller and nine below). */
export const MAX_WORKFLOW_LEVELS = 10

/** GitHub's limit: "a maximum of 50 unique reusable workflows from a single workflow file", nested trees included. */
export const MAX_UNIQUE_WORKFLOWS = 50

/** The workflow files above each called run (the top-level run has none). */
const callChains = new WeakMap<RunContext, readonly string[]>()
/** The reusable workflows the whole tree of a top-level run has called, shared by its called runs. */
const calledFiles = new WeakMap<RunContext, Set<string>>()

/**
 * Runs the reusable workflow a `jobs.<id>.uses` job instance calls, as GitHub does: the
 * called file from the workspace (`./…`) or, when remote, from `actionMap`/`actionCache`;
 * `with` and `secrets` checked against its `on.workflow_call` with GitHub's parser and
 * typed; its jobs run with the caller's `github` context, named `<caller> / <called job>`.
 * The first result is the calling job's own (its outputs are the workflow's
 * `on.workflow_call.outputs`, its result failure when a called job failed); the called
 * jobs' results follow, their ids as `<caller>/<called>`.
 */
export async function callWorkflow(run: RunContext, instance: JobInstance): Promise<JobResult[]> {
  const { job, name } = instance
  const started = performance.now()
  const own = (result: JobResult['result'], fields: Partial<JobResult> = {}): JobResult => ({
    id: job.id,
    name,
    matrix: Object.keys(instance.matrix).length > 0 ? instance.matrix : undefined,
    result,
    outputs: {},
    steps: [],
    durationMs: performance.now() - started,
    ...fields,
  })
  const fail = (reason: string): JobResult[] => {
    const result = own('failure', { reason })
    run.reporter.jobFinished(result)
    return [result]
  }

  const uses = job.uses!
  const file = calledFile(run.options, uses)
  if (!file || !existsSync(file)) return fail(unavailable(uses, run.options.source))
  const chain = [...(callChains.get(run) ?? [run.plan.file])]
  if (chain.includes(file))
    return fail(`${uses} calls itself through ${chain.join(' → ')}: loops are not permitted`)
  if (chain.length + 1 > MAX_WORKFLOW_LEVELS)
    return fail(
      `${uses} would be level ${chain.length + 1}: GitHub connects up to ${MAX_WORKFLOW_LEVELS} levels of workflows`,
    )

  const unique = calledFiles.get(run) ?? new Set<string>()
  calledFiles.set(run, unique)
  if (!unique.has(file) && unique.size >= MAX_UNIQUE_WORKFLOWS)
    return fail(
      `${uses} would be the reusable workflow number ${unique.size + 1}: GitHub allows ${MAX_UNIQUE_WORKFLOWS} per workflow file`,
    )
  unique.add(file)

  const callerContexts: Contexts = {
    ...baseContexts(run),
    needs: instance.needs,
    matrix: instance.matrix,
    strategy: instance.strategy,
  }
  let plan: WorkflowPlan
  let declared: CallInterface
  let inputs: Record<string, Value>
  let secrets: Record<string, string>
  try {
    plan = await loadWorkflow(file)
    declared = readCallInterface(
      callerName(run.options.source, run.plan.file),
      readFileSync(file, 'utf8'),
      job.call!,
    )
    inputs = resolveCallInputs(uses, plan, job.call!, callerContexts)
    secrets = resolveCallSecrets(run, job.call!, callerContexts)
  } catch (error) {
    return fail(describeError(error))
  }

  const called: RunContext = {
    ...run,
    plan,
    options: { ...run.options, workflow: file, secrets, inputs: undefined },
    reporter: prefixedReporter(run.reporter, name),
    workDir: join(run.workDir, `call-${++run.jobCounter}-${job.id}`),
    annotations: [],
    summaries: [],
    // GitHub: the called workflow's github context is the caller's; only job_workflow_sha is the called file's.
    github: { ...run.github, job_workflow_sha: calledSha(uses, run.github) },
    inputs,
    jobCounter: 0,
  }
  callChains.set(called, [...chain, file])
  calledFiles.set(called, unique)
  const jobs = (await scheduleJobs(called)).map((r) => ({
    ...r,
    id: `${job.id}/${r.id}`,
    name: `${name} / ${r.name}`,
  }))
  for (const a of called.annotations) run.annotations.push({ ...a, job: `${name} / ${a.job}` })
  for (const s of called.summaries) run.summaries.push({ ...s, job: `${name} / ${s.job}` })

  const failed = jobs.find((r) => r.result === 'failure')
  let outputs: Record<string, string> = {}
  let reason = failed ? `${failed.name}: ${failed.reason ?? 'failed'}` : undefined
  try {
    outputs = evaluateCallOutputs(declared.outputs, {
      github: called.github,
      inputs,
      vars: { ...run.options.vars },
      jobs: jobsContext(job.id, jobs),
    })
  } catch (error) {
    reason ??= `on.workflow_call.outputs: ${describeError(error)}`
  }
  return [own(reason ? 'failure' : 'success', { outputs, reason }), ...jobs]
}

/**
 * Checks every call of the workflow's tree that can be read locally before any job runs, as
 * GitHub refuses such a run at start: a called workflow that is not valid, or a call that
 * leaves out a required input or secret or passes an undeclared one, is a UserError with
 * GitHub's messages. Calls that cannot be resolved are left to fail their job.
 */
export async function checkWorkflowCalls(
  plan: WorkflowPlan,
  options: Pick<RunWorkflowOptions, 'source' | 'actionMap' | 'actionCache'>,
  chain: readonly string[] = [plan.file],
): Promise<void> {
  for (const job of plan.jobs) {
    const file = job.uses ? calledFile(options, job.uses) : undefined
    if (!file || !existsSync(file) || chain.includes(file) || chain.length >= MAX_WORKFLOW_LEVELS) continue
    const called = await loadWorkflow(file)
    try {
      readCallInterface(callerName(options.source, plan.file), readFileSync(file, 'utf8'), job.call!)
    } catch (error) {
      throw new UserError(describeError(error))
    }
    await checkWorkflowCalls(called, options, [...chain, file])
  }
}

/** The local file of a `jobs.<id>.uses` reference: `./…` in the workspace, a remote one as mapped. */
function calledFile(
  options: Pick<RunWorkflowOptions, 'source' | 'actionMap' | 'actionCache'>,
  uses: string,
): string | undefined {
  return uses.startsWith('./') ? resolve(options.source, uses) : locateRemoteWorkflow(options, uses)
}

/** What the called workflow's `on.workflow_call` declares, as GitHub's parser reads it. */
interface CallInterface {
  readonly outputs?: MappingToken
}

/**
 * Checks the call against the called workflow (already validated on its own) with GitHub's
 * parser: a required input or secret not passed, or one the workflow does not declare, is
 * refused with GitHub's message, located at the caller's `uses:` line.
 */
function readCallInterface(caller: string, content: string, call: ReusableWorkflowJob): CallInterface {
  // The parser locates these errors with the caller's tokens, so the file is named as the caller.
  const parsed = parseWorkflow({ name: caller, content }, new NoOperationTraceWriter())
  const checked: ReusableWorkflowJob = {
    ...call,
    'input-definitions': undefined,
    'secret-definitions': undefined,
    outputs: undefined,
    jobs: undefined,
  }
  if (parsed.value) convertReferencedWorkflow(parsed.context, parsed.value, checked)
  const errors = parsed.context.errors.getErrors()
  if (errors.length > 0 || !parsed.value)
    throw new Error(`The workflow is not valid. ${errors.map((e) => e.message).join('\n')}`)
  return { outputs: checked.outputs }
}

/**
 * The called workflow's `inputs` context: `with` evaluated in the caller's contexts and
 * checked against the declared types as GitHub checks them (a string is not a boolean
 * or a number; scalars are accepted as strings), declared defaults for the rest.
 */
export function resolveCallInputs(
  uses: string,
  plan: WorkflowPlan,
  call: ReusableWorkflowJob,
  contexts: Contexts,
): Record<string, Value> {
  const given = new Map<string, Value>()
  for (const pair of call['input-values'] ?? []) {
    given.set(pair.key.toString().toLowerCase(), evaluateToken(pair.value, { contexts }))
  }
  const inputs: Record<string, Value> = {}
  for (const [name, spec] of Object.entries(plan.inputs)) {
    const value = given.get(name.toLowerCase())
    if (value !== undefined && value !== null) inputs[name] = typedInput(uses, name, spec.type, value)
    else if (spec.default)
      inputs[name] = typedInput(
        uses,
        name,
        spec.type,
        evaluateToken(spec.default, {
          contexts: { github: contexts.github ?? null, inputs: {}, vars: contexts.vars ?? {} },
        }),
      )
    else inputs[name] = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : ''
  }
  return inputs
}

function typedInput(uses: string, name: string, type: string | undefined, value: Value): Value {
  const expected = type === 'boolean' ? 'boolean' : type === 'number' ? 'number' : 'string'
  if (expected === 'string' && typeof value !== 'object') return valueToString(value)
  if (typeof value === expected) return value
  const shown = typeof value === 'object' ? JSON.stringify(value) : valueToString(value)
  throw new Error(
    `input ${name} of ${uses}: Unexpected type of value '${shown}', expected type: ${expected[0]!.toUpperCase()}${expected.slice(1)}`,
  )
}

/**
 * The called workflow's `secrets` context: every caller secret with `secrets: inherit`,
 * else the `secrets:` mapping evaluated in the caller's contexts; `GITHUB_TOKEN` always.
 */
function resolveCallSecrets(
  run: RunContext,
  call: ReusableWorkflowJob,
  contexts: Contexts,
): Record<string, string> {
  const own = run.options.secrets ?? {}
  if (call['inherit-secrets']) return { ...own }
  const secrets: Record<string, string> = {}
  if (own.GITHUB_TOKEN !== undefined) secrets.GITHUB_TOKEN = own.GITHUB_TOKEN
  for (const pair of call['secret-values'] ?? []) {
    const value = evaluateToken(pair.value, { contexts })
    secrets[pair.key.toString()] = value === null ? '' : valueToString(value)
  }
  return secrets
}

/** `on.workflow_call.outputs.<name>.value`, evaluated with `jobs`, `github`, `inputs` and `vars`. */
function evaluateCallOutputs(
  definitions: MappingToken | undefined,
  contexts: Contexts,
): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const pair of definitions ?? []) {
    const value = isMapping(pair.value) ? pair.value.find('value') : undefined
    const result = evaluateToken(value, { contexts })
    outputs[pair.key.toString()] = result === null ? '' : valueToString(result)
  }
  return outputs
}

/** The `jobs` context of the called workflow: each of its jobs' result and outputs (matrix instances merged). */
function jobsContext(callerId: string, jobs: readonly JobResult[]): Record<string, Value> {
  const context: Record<string, { result: string; outputs: Record<string, string> }> = {}
  for (const r of jobs) {
    const id = r.id.slice(callerId.length + 1)
    if (id.includes('/')) continue
    const entry = (context[id] ??= { result: r.result, outputs: {} })
    if (r.result === 'failure' || entry.result === 'skipped') entry.result = r.result
    for (const [k, v] of Object.entries(r.outputs)) if (v !== '') entry.outputs[k] = v
  }
  return context
}

function prefixedReporter(reporter: Reporter, caller: string): Reporter {
  const named = <T extends { name: string }>(job: T): T => ({ ...job, name: `${caller} / ${job.name}` })
  return {
    jobStarted: (job) => reporter.jobStarted(named(job)),
    jobFinished: (job) => reporter.jobFinished(named(job)),
    stepStarted: (job, step) => reporter.stepStarted(named(job), step),
    stepOutput: reporter.stepOutput?.bind(reporter),
    stepFinished: (job, step) => reporter.stepFinished(named(job), step),
  }
}

/** The calling workflow's file as GitHub names it: relative to the repository when inside it. */
function callerName(source: string, file: string): string {
  const path = relative(source, file)
  return path.startsWith('..') || isAbsolute(path) ? file : path
}

/** `github.job_workflow_sha`: the caller's commit for a local file, the ref when a remote call pins a commit. */
function calledSha(uses: string, github: Record<string, Value>): string {
  if (uses.startsWith('./')) return valueToString(github.sha ?? '')
  const ref = uses.split('@')[1] ?? ''
  return /^[0-9a-f]{40}$/i.test(ref) ? ref : ''
}

function unavailable(uses: string, source: string): string {
  if (uses.startsWith('./'))
    return `calls the reusable workflow ${uses}, which is not in the workspace ${source}`
  const [path, ref] = uses.split('@')
  const repo = path!.split('/').slice(0, 2).join('/')
  return (
    `calls the reusable workflow ${uses}, which the local runner cannot fetch; map ${repo}@${ref} to a ` +
    `checkout of it with actionMap { '${repo}@${ref}': DIR } (pnpm pipeline --action ${repo}@${ref}=DIR) ` +
    `or put it in the actionCache folder as <owner>/<repo>/<ref>/${path!.split('/').slice(2).join('/')}`
  )
}
