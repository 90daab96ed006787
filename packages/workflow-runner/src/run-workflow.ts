import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, join, resolve } from 'node:path'
import { ActionManifestError, loadActionManifest } from '@pipeline-kit/action-manifest'
import { globSync } from 'tinyglobby'
import { describeError, UserError } from '@pipeline-kit/common'
import { applyMasks, parseStepOutput } from './commands'
import {
  evaluateCondition,
  evaluateString,
  evaluateStringMap,
  evaluateToken,
  valueToString,
  evaluateExpression,
  fromExpressionData,
  type Contexts,
  type EvaluationScope,
  type Value,
} from './expressions'
import { createFileCommandFiles, readFileCommands } from './file-commands'
import { orderJobs } from './job-order'
import { loadWorkflow, type JobPlan, type StepPlan, type WorkflowPlan } from './load-workflow'
import { expandMatrix, type MatrixCombination } from './matrix'
import { resolveUses } from './resolve-uses'
import { runStepProcess } from './step-process'
import { buildGithubContext, resolveWorkflowInputs, runnerEnvironment } from './github-context'
import { isMapping } from './actions-libraries'
import { scriptExtension, shellCommand } from './shell'
import {
  checkoutCopy,
  checkToolchain,
  downloadArtifact,
  uploadArtifact,
  type LocalEquivalent,
} from './third-party'
import {
  silentReporter,
  type CollectedAnnotation,
  type CollectedSummary,
  type JobOutcome,
  type JobResult,
  type Reporter,
  type StepKind,
  type StepResult,
  type WorkflowResult,
} from './types'

export interface RunWorkflowOptions {
  /** The workflow file to run. */
  readonly workflow: string
  /** The pipeline-kit checkout whose actions/<name> folders `uses:` of this toolkit map to. */
  readonly toolkitRoot: string
  /** The working tree actions/checkout copies into each job's workspace. */
  readonly source: string
  /** The event; default a push of the default branch. */
  readonly event?: { readonly name: string; readonly payload: Record<string, unknown> }
  /** workflow_call / workflow_dispatch inputs (declared defaults fill the rest). */
  readonly inputs?: Readonly<Record<string, string>>
  readonly secrets?: Readonly<Record<string, string>>
  readonly vars?: Readonly<Record<string, string>>
  /** Environment added to every step (e.g. DOCKER_HOST); the runner's own environment is inherited. */
  readonly env?: Readonly<Record<string, string>>
  /** Node binary for node24 actions; default the running Node. */
  readonly nodeBinary?: string
  /** Folder for workspaces, step files, artifacts and logs; default a new temporary folder. */
  readonly workDir?: string
  readonly reporter?: Reporter
  /** Repository slug for the github context; default octo/app. */
  readonly repository?: string
  readonly sha?: string
  readonly ref?: string
}

interface JobRecord {
  readonly result: JobOutcome
  readonly outputs: Record<string, string>
  /** This job or one it depends on failed (what job-level failure() looks at). */
  readonly failedUpstream: boolean
}

interface JobState {
  readonly plan: JobPlan
  readonly name: string
  readonly workspace: string
  readonly stepsDir: string
  readonly env: Record<string, string>
  readonly path: string[]
  readonly steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>
  readonly results: StepResult[]
  readonly posts: (() => Promise<void>)[]
  readonly masks: string[]
  failed: boolean
  firstFailure?: string
  contexts: () => Contexts
}

/**
 * Runs a workflow's jobs locally in `needs` order, as GitHub's runner would: matrices
 * expanded, `if:` conditions and every `${{ }}` evaluated with @actions/expressions,
 * `run:` steps through their shell, this toolkit's actions from their bundles with the
 * file-command protocol, third-party steps mapped to local equivalents or reported as not run.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowResult> {
  const started = performance.now()
  const plan = await loadWorkflow(options.workflow)
  const reporter = options.reporter ?? silentReporter
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'pk-pipeline-'))
  mkdirSync(workDir, { recursive: true })
  const artifactsDir = join(workDir, 'artifacts')
  const run = new WorkflowRun(plan, options, reporter, workDir, artifactsDir)
  const jobs: JobResult[] = []
  for (const job of orderJobs(plan.jobs)) jobs.push(...(await run.runJob(job)))
  const failedJob = jobs.find((j) => j.result === 'failure')
  return {
    workflow: plan.name,
    success: !failedJob,
    jobs,
    annotations: run.annotations,
    summaries: run.summaries,
    failure: failedJob ? { job: failedJob.name, reason: failedJob.reason ?? 'failed' } : undefined,
    durationMs: performance.now() - started,
  }
}

class WorkflowRun {
  readonly annotations: CollectedAnnotation[] = []
  readonly summaries: CollectedSummary[] = []
  private readonly records = new Map<string, JobRecord>()
  private readonly github: Record<string, Value>
  private readonly inputs: Record<string, Value>
  private jobCounter = 0

  constructor(
    private readonly plan: WorkflowPlan,
    private readonly options: RunWorkflowOptions,
    private readonly reporter: Reporter,
    private readonly workDir: string,
    private readonly artifactsDir: string,
  ) {
    this.github = buildGithubContext({ ...options, workflowName: plan.name })
    this.inputs = resolveWorkflowInputs(plan, options.inputs, this.github, options.vars)
  }

  private baseContexts(): Record<string, Value> {
    return {
      github: this.github,
      inputs: this.inputs,
      vars: { ...this.options.vars },
      secrets: { GITHUB_TOKEN: '', ...this.options.secrets },
      runner: {
        os: 'Linux',
        arch: 'X64',
        name: 'pipeline-kit-local',
        temp: join(this.workDir, 'runner-temp'),
        tool_cache: join(this.workDir, 'tool-cache'),
        environment: 'self-hosted',
        debug: '',
      },
    }
  }

  private needsContext(job: JobPlan): Record<string, Value> {
    const needs: Record<string, Value> = {}
    for (const need of job.needs) {
      const record = this.records.get(need)!
      needs[need] = { result: record.result, outputs: record.outputs }
    }
    return needs
  }

  async runJob(job: JobPlan): Promise<JobResult[]> {
    const needs = this.needsContext(job)
    const needRecords = job.needs.map((n) => this.records.get(n)!)
    const status = {
      success: needRecords.every((r) => r.result === 'success'),
      failure: needRecords.some((r) => r.failedUpstream),
    }
    const failedUpstream = needRecords.some((r) => r.failedUpstream)
    const scope: EvaluationScope = { contexts: { ...this.baseContexts(), needs }, status }
    const display = (matrix?: MatrixCombination) => {
      const contexts = { ...scope.contexts, matrix: matrix ?? {} }
      const named = job.name !== undefined && !(job.name.isLiteral && job.name.toString() === job.id)
      const base = named ? (safeString(job.name, { contexts }) ?? job.id) : job.id
      const values =
        matrix && Object.keys(matrix).length > 0
          ? ` (${Object.values(matrix)
              .map((v) => valueToString(v))
              .join(', ')})`
          : ''
      return job.name?.isExpression ? base : `${base}${values}`
    }

    const skip = (reason: string): JobResult[] => {
      const result: JobResult = {
        id: job.id,
        name: display(),
        result: 'skipped',
        outputs: {},
        steps: [],
        reason,
        durationMs: 0,
      }
      this.records.set(job.id, { result: 'skipped', outputs: {}, failedUpstream })
      this.reporter.jobFinished(result)
      return [result]
    }
    let runIt: boolean
    try {
      runIt = evaluateCondition(job.if, scope)
    } catch (error) {
      return this.failJob(job, display(), `if: ${describeError(error)}`)
    }
    if (!runIt) {
      const failedNeeds = job.needs.filter((n) => this.records.get(n)!.result !== 'success')
      return skip(
        failedNeeds.length > 0 && job.if.startsWith('success()')
          ? `needs ${failedNeeds.join(', ')} did not succeed`
          : `if: ${job.if} was false`,
      )
    }
    if (job.uses) {
      return this.failJob(
        job,
        display(),
        `calls the reusable workflow ${job.uses}, which the local runner does not follow: run that workflow file directly`,
      )
    }

    let combinations: MatrixCombination[]
    let strategy: Record<string, Value> | null
    try {
      strategy = evaluateToken(job.strategy, scope) as Record<string, Value> | null
      combinations = expandMatrix(strategy?.matrix ?? null)
    } catch (error) {
      return this.failJob(job, display(), `strategy: ${describeError(error)}`)
    }
    const results: JobResult[] = []
    for (const [index, matrix] of combinations.entries()) {
      const strategyContext = {
        'fail-fast': strategy?.['fail-fast'] ?? true,
        'job-index': index,
        'job-total': combinations.length,
        'max-parallel': strategy?.['max-parallel'] ?? combinations.length,
      }
      const name = display(combinations.length > 1 || Object.keys(matrix).length > 0 ? matrix : undefined)
      results.push(await this.runJobInstance(job, matrix, strategyContext, name, needs))
    }
    const failed = results.some((r) => r.result === 'failure')
    const outputs: Record<string, string> = {}
    for (const r of results) for (const [k, v] of Object.entries(r.outputs)) if (v !== '') outputs[k] = v
    this.records.set(job.id, {
      result: failed ? 'failure' : 'success',
      outputs,
      failedUpstream: failed || failedUpstream,
    })
    return results
  }

  private failJob(job: JobPlan, name: string, reason: string): JobResult[] {
    const result: JobResult = {
      id: job.id,
      name,
      result: 'failure',
      outputs: {},
      steps: [],
      reason,
      durationMs: 0,
    }
    this.records.set(job.id, { result: 'failure', outputs: {}, failedUpstream: true })
    this.annotations.push({ level: 'error', message: reason, job: name, step: '(job)' })
    this.reporter.jobFinished(result)
    return [result]
  }

  private async runJobInstance(
    job: JobPlan,
    matrix: MatrixCombination,
    strategyContext: Record<string, Value>,
    name: string,
    needs: Record<string, Value>,
  ): Promise<JobResult> {
    const started = performance.now()
    this.reporter.jobStarted({ id: job.id, name })
    const dir = join(this.workDir, `job-${++this.jobCounter}-${job.id}`)
    const workspace = join(dir, 'workspace')
    mkdirSync(workspace, { recursive: true })
    mkdirSync(join(this.workDir, 'runner-temp'), { recursive: true })
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
      masks: Object.values(this.options.secrets ?? {}).filter((s) => s.length > 0),
      failed: false,
      contexts: () => ({}),
    }
    const github = { ...this.github, workspace, job: job.id }
    const staticContexts = { ...this.baseContexts(), github, needs, matrix, strategy: strategyContext }
    let workflowEnv: Record<string, string> = {}
    let jobEnv: Record<string, string> = {}
    let environment: string | undefined
    let outputs: Record<string, string> = {}
    try {
      workflowEnv = evaluateStringMap(this.plan.env, { contexts: staticContexts })
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
    state.contexts = () => ({
      ...staticContexts,
      env: { ...workflowEnv, ...jobEnv, ...state.env },
      steps: state.steps as unknown as Value,
      job: { status: state.failed ? 'failure' : 'success' },
    })
    const defaults = this.runDefaults(job, staticContexts)
    const jobTimeout = numberOrUndefined(evaluateToken(job.timeoutMinutes, { contexts: staticContexts }))
    const deadline = jobTimeout ? Date.now() + jobTimeout * 60_000 : undefined

    if (!state.failed) {
      // The runner loads downloaded actions' manifests in "Set up job": a refused one fails the job first.
      const refused = this.refusedDownloadedManifest(job)
      if (refused) {
        state.failed = true
        state.firstFailure = refused
      }
    }
    if (!state.failed) {
      for (const step of job.steps) {
        await this.runStep(state, step, { ...workflowEnv, ...jobEnv }, defaults, deadline)
      }
    }
    for (const post of state.posts.reverse()) await post()
    try {
      outputs = evaluateStringMap(job.outputs, { contexts: state.contexts() })
    } catch (error) {
      state.failed = true
      state.firstFailure ??= `outputs: ${describeError(error)}`
    }
    const result: JobResult = {
      id: job.id,
      name,
      matrix: Object.keys(matrix).length > 0 ? matrix : undefined,
      result: state.failed && !jobContinuesOnError(job, staticContexts) ? 'failure' : 'success',
      outputs,
      steps: state.results,
      reason: state.failed ? state.firstFailure : undefined,
      environment,
      durationMs: performance.now() - started,
    }
    this.reporter.jobFinished(result)
    return result
  }

  private runDefaults(job: JobPlan, contexts: Contexts): { shell?: string; workingDirectory?: string } {
    const read = (token: typeof job.defaults) => {
      const value = evaluateToken(token, { contexts }) as Record<string, Record<string, Value>> | null
      return { shell: value?.run?.shell, workingDirectory: value?.run?.['working-directory'] }
    }
    const workflow = read(this.plan.defaults)
    const own = read(job.defaults)
    const str = (v: Value | undefined) => (v === undefined || v === null ? undefined : valueToString(v))
    return {
      shell: str(own.shell ?? workflow.shell),
      workingDirectory: str(own.workingDirectory ?? workflow.workingDirectory),
    }
  }

  private async runStep(
    state: JobState,
    step: StepPlan,
    baseEnv: Record<string, string>,
    defaults: { shell?: string; workingDirectory?: string },
    deadline: number | undefined,
  ): Promise<void> {
    const contexts = state.contexts()
    const status = { success: !state.failed, failure: state.failed }
    const scope: EvaluationScope = {
      contexts,
      status,
      hashFiles: (patterns) => hashFilesSync(patterns, state.workspace),
    }
    const label =
      safeString(step.name, scope) ??
      (step.run ? firstLine(safeString(step.run, scope) ?? 'run') : (step.uses ?? step.id))
    const started = performance.now()
    const finish = (
      kind: StepKind,
      outcome: StepResult['outcome'],
      detail: string | undefined,
      outputs: Record<string, string> = {},
      logTail: string[] = [],
    ) => {
      let continueOnError = false
      if (outcome === 'failure' && step.continueOnError !== undefined) {
        try {
          continueOnError =
            typeof step.continueOnError === 'boolean'
              ? step.continueOnError
              : valueToString(evaluateToken(step.continueOnError, scope)) === 'true'
        } catch {}
      }
      const conclusion = continueOnError ? 'success' : outcome
      const result: StepResult = {
        id: step.id,
        name: label,
        kind,
        outcome,
        conclusion,
        outputs,
        detail,
        durationMs: performance.now() - started,
        logTail,
      }
      state.results.push(result)
      state.steps[step.id] = { outputs, outcome, conclusion }
      if (conclusion === 'failure' && !state.failed) {
        state.failed = true
        state.firstFailure = `step '${label}' failed${detail ? `: ${detail}` : ''}`
      }
      this.reporter.stepFinished({ name: state.name }, result)
    }

    let runIt: boolean
    try {
      runIt = evaluateCondition(step.if, scope)
    } catch (error) {
      this.reporter.stepStarted({ name: state.name }, { name: label })
      return finish(step.run ? 'run' : 'action', 'failure', `if: ${describeError(error)}`)
    }
    if (!runIt)
      return finish(
        step.run ? 'run' : 'action',
        'skipped',
        state.failed && step.if.startsWith('success()') ? undefined : `if: ${step.if} was false`,
      )
    this.reporter.stepStarted({ name: state.name }, { name: label })
    if (deadline !== undefined && Date.now() > deadline)
      return finish('run', 'failure', 'the job timed out (timeout-minutes)')

    try {
      const env = { ...baseEnv, ...state.env, ...evaluateStringMap(step.env, scope) }
      const stepTimeout = numberOrUndefined(evaluateToken(step.timeoutMinutes, scope))
      const timeoutMs = minDefined(
        stepTimeout ? stepTimeout * 60_000 : undefined,
        deadline ? deadline - Date.now() : undefined,
      )
      if (step.run) {
        const script = evaluateString(step.run, scope)
        const shell = step.shell ? evaluateString(step.shell, scope) : defaults.shell
        const wd = step.workingDirectory
          ? evaluateString(step.workingDirectory, scope)
          : defaults.workingDirectory
        const outcome = await this.runScript(state, step, label, script, shell, wd, env, timeoutMs)
        return finish(
          'run',
          outcome.ok ? 'success' : 'failure',
          outcome.detail,
          outcome.outputs,
          outcome.tail,
        )
      }
      const target = resolveUses(step.uses!)
      const inputs = evaluateStringMap(step.with, scope)
      if (target.kind === 'pipeline-kit' || target.kind === 'local') {
        const dir =
          target.kind === 'pipeline-kit'
            ? join(this.options.toolkitRoot, 'actions', target.name)
            : resolve(state.workspace, target.path)
        const outcome = await this.runNodeAction(state, step, label, dir, inputs, env, timeoutMs)
        return finish(
          'action',
          outcome.ok ? 'success' : 'failure',
          outcome.detail,
          outcome.outputs,
          outcome.tail,
        )
      }
      let local: LocalEquivalent
      if (target.kind === 'checkout')
        local = checkoutCopy(this.options.source, state.workspace, inputs.path ?? '')
      else if (target.kind === 'setup')
        local = await checkToolchain(target.tool, target.action, inputs, {
          ...process.env,
          ...this.options.env,
          ...env,
        } as Record<string, string>)
      else if (target.kind === 'upload-artifact')
        local = await uploadArtifact(this.artifactsDir, state.workspace, inputs)
      else if (target.kind === 'download-artifact')
        local = downloadArtifact(this.artifactsDir, state.workspace, inputs)
      else {
        const message = `${target.action} is a third-party action the local runner does not run; skipped`
        this.annotations.push({ level: 'warning', message, job: state.name, step: label })
        return finish('not-run-locally', 'skipped', message)
      }
      for (const warning of local.warnings)
        this.annotations.push({ level: 'warning', message: warning, job: state.name, step: label })
      return finish('local-equivalent', local.ok ? 'success' : 'failure', local.detail, { ...local.outputs })
    } catch (error) {
      return finish(step.run ? 'run' : 'action', 'failure', describeError(error))
    }
  }

  private async runScript(
    state: JobState,
    step: StepPlan,
    label: string,
    script: string,
    shell: string | undefined,
    workingDirectory: string | undefined,
    env: Record<string, string>,
    timeoutMs: number | undefined,
  ): Promise<StepOutcome> {
    const stepDir = join(state.stepsDir, `${state.results.length + 1}-${step.id.replace(/[^\w.-]/g, '_')}`)
    const files = createFileCommandFiles(stepDir)
    const scriptFile = join(stepDir, `script${scriptExtension(shell)}`)
    writeFileSync(scriptFile, script)
    const { command, args } = shellCommand(shell, scriptFile)
    const cwd = workingDirectory ? resolve(state.workspace, workingDirectory) : state.workspace
    if (!existsSync(cwd))
      return {
        ok: false,
        detail: `working-directory ${workingDirectory} does not exist in the workspace`,
        outputs: {},
        tail: [],
      }
    return this.execute(state, label, command, args, cwd, { ...env, ...files }, files, timeoutMs)
  }

  private async runNodeAction(
    state: JobState,
    step: StepPlan,
    label: string,
    dir: string,
    inputs: Record<string, string>,
    env: Record<string, string>,
    timeoutMs: number | undefined,
  ): Promise<StepOutcome> {
    const metadataFile = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f))
    if (!metadataFile)
      return {
        ok: false,
        detail: `no action.yml in ${dir} (is the action in this checkout?)`,
        outputs: {},
        tail: [],
      }
    let meta: {
      inputs?: Record<string, { default?: unknown; required?: boolean }>
      runs?: { using?: string; main?: string; post?: string; 'post-if'?: string }
    }
    try {
      meta = loadActionManifest(readFileSync(metadataFile, 'utf8'), manifestName(step.uses!, metadataFile))
    } catch (error) {
      if (!(error instanceof ActionManifestError)) throw error
      for (const message of error.errors)
        this.annotations.push({ level: 'error', message, job: state.name, step: label })
      return { ok: false, detail: error.message, outputs: {}, tail: [] }
    }
    if (!meta.runs?.using?.startsWith('node') || !meta.runs.main) {
      return {
        ok: false,
        detail: `runs.using ${meta.runs?.using ?? '(none)'} is not a node action the local runner can run`,
        outputs: {},
        tail: [],
      }
    }
    const main = join(dir, meta.runs.main)
    if (!existsSync(main))
      return {
        ok: false,
        detail: `${main} is missing; build it with pnpm build ${dir.split('/').pop()}`,
        outputs: {},
        tail: [],
      }
    const declared = meta.inputs ?? {}
    const unexpected = Object.keys(inputs).filter((name) => !(name in declared))
    if (unexpected.length > 0) {
      this.annotations.push({
        level: 'warning',
        message: `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`,
        job: state.name,
        step: label,
      })
    }
    const scope: EvaluationScope = { contexts: state.contexts() }
    const inputEnv: Record<string, string> = {}
    for (const [name, spec] of Object.entries(declared)) {
      const value =
        inputs[name] ?? (spec.default !== undefined ? interpolate(String(spec.default), scope) : '')
      inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
    }
    const node = this.options.nodeBinary ?? process.execPath
    const stepDir = join(state.stepsDir, `${state.results.length + 1}-${step.id.replace(/[^\w.-]/g, '_')}`)
    const files = createFileCommandFiles(stepDir)
    const actionEnv = { ...env, ...inputEnv, GITHUB_ACTION_PATH: dir, GITHUB_ACTION: step.id, ...files }
    const outcome = await this.execute(
      state,
      label,
      node,
      [main],
      state.workspace,
      actionEnv,
      files,
      timeoutMs,
    )
    if (meta.runs.post) {
      const postScript = join(dir, meta.runs.post)
      const postIf = meta.runs['post-if'] ?? 'always()'
      const savedState = outcome.state
      state.posts.push(async () => {
        const scopeNow: EvaluationScope = {
          contexts: state.contexts(),
          status: { success: !state.failed, failure: state.failed },
        }
        if (!evaluateCondition(postIf.replace(/^\$\{\{\s*|\s*\}\}$/g, ''), scopeNow)) return
        const postLabel = `Post ${label}`
        this.reporter.stepStarted({ name: state.name }, { name: postLabel })
        const started = performance.now()
        const postFiles = createFileCommandFiles(`${stepDir}-post`)
        const stateEnv = Object.fromEntries(
          Object.entries(savedState ?? {}).map(([k, v]) => [`STATE_${k}`, v]),
        )
        const post = await this.execute(
          state,
          postLabel,
          node,
          [postScript],
          state.workspace,
          { ...actionEnv, ...stateEnv, ...postFiles },
          postFiles,
          60_000,
        )
        const result: StepResult = {
          id: `post-${step.id}`,
          name: postLabel,
          kind: 'action',
          outcome: post.ok ? 'success' : 'failure',
          conclusion: post.ok ? 'success' : 'failure',
          outputs: {},
          detail: post.detail,
          durationMs: performance.now() - started,
          logTail: post.tail,
        }
        state.results.push(result)
        if (!post.ok && !state.failed) {
          state.failed = true
          state.firstFailure = `step '${postLabel}' failed${post.detail ? `: ${post.detail}` : ''}`
        }
        this.reporter.stepFinished({ name: state.name }, result)
      })
    }
    return outcome
  }

  /** The runner's log for the first `<owner>/pipeline-kit/actions/<name>@<ref>` step whose manifest it refuses. */
  private refusedDownloadedManifest(job: JobPlan): string | undefined {
    for (const step of job.steps) {
      const target = step.uses ? resolveUses(step.uses) : undefined
      if (target?.kind !== 'pipeline-kit' || target.ref === undefined) continue
      const file = join(this.options.toolkitRoot, 'actions', target.name, 'action.yml')
      if (!existsSync(file)) continue
      try {
        loadActionManifest(readFileSync(file, 'utf8'), manifestName(step.uses!, file))
      } catch (error) {
        if (error instanceof ActionManifestError) return error.message
        throw error
      }
    }
    return undefined
  }

  /** Runs one step's process, then applies its file commands and workflow commands as the runner does. */
  private async execute(
    state: JobState,
    label: string,
    command: string,
    args: string[],
    cwd: string,
    env: Record<string, string>,
    files: ReturnType<typeof createFileCommandFiles>,
    timeoutMs: number | undefined,
  ): Promise<StepOutcome> {
    const path = [...state.path, ...(this.options.env?.PATH ?? process.env.PATH ?? '').split(delimiter)].join(
      delimiter,
    )
    const fullEnv = {
      ...process.env,
      ...this.options.env,
      ...this.runnerEnv(state),
      ...env,
      PATH: path,
    }
    const onLine = this.reporter.stepOutput
    const result = await runStepProcess(command, args, {
      cwd,
      env: fullEnv,
      timeoutMs,
      onLine: onLine ? (line) => onLine.call(this.reporter, applyMasks(line, state.masks)) : undefined,
    })
    const parsed = parseStepOutput(`${result.stdout}\n${result.stderr}`)
    state.masks.push(...parsed.masks)
    for (const a of parsed.annotations) {
      this.annotations.push({
        ...a,
        message: applyMasks(a.message, state.masks),
        job: state.name,
        step: label,
      })
    }
    const commands = readFileCommands(files)
    Object.assign(state.env, commands.env)
    state.path.unshift(...commands.path.reverse())
    if (commands.summary.trim())
      this.summaries.push({
        job: state.name,
        step: label,
        markdown: applyMasks(commands.summary, state.masks),
      })
    const tail = parsed.log
      .filter((l) => l.trim() !== '')
      .slice(-40)
      .map((l) => applyMasks(l, state.masks))
    const ok = result.exitCode === 0 && !result.timedOut
    const errors = parsed.annotations.filter((a) => a.level === 'error' && !a.file).map((a) => a.message)
    const detail = ok
      ? undefined
      : result.timedOut
        ? `timed out after ${Math.round((timeoutMs ?? 0) / 1000)} s`
        : applyMasks(
            errors.at(-1) ?? `exit code ${result.exitCode}${tail.length ? ` (${tail.at(-1)})` : ''}`,
            state.masks,
          )
    return { ok, detail, outputs: commands.outputs, tail, state: commands.state }
  }

  private runnerEnv(state: JobState): Record<string, string> {
    return runnerEnvironment(this.github, {
      workspace: state.workspace,
      jobId: state.plan.id,
      workDir: this.workDir,
    })
  }
}

interface StepOutcome {
  readonly ok: boolean
  readonly detail?: string
  readonly outputs: Record<string, string>
  readonly tail: string[]
  readonly state?: Record<string, string>
}

/**
 * How the runner names a manifest in its errors: relative to its actions folder for a
 * downloaded action (`<owner>/<repo>/<ref>/<path>/action.yml`), the full path for a local one.
 */
function manifestName(uses: string, file: string): string {
  const remote = /^([^/@]+\/[^/@]+)\/([^@]+)@(.+)$/.exec(uses)
  return remote ? `${remote[1]}/${remote[3]}/${remote[2]}/${basename(file)}` : file
}

/** `${{ expr }}` inside an action.yml default (github.token, github.workspace …), through the evaluator. */
function interpolate(text: string, scope: EvaluationScope): string {
  return text.replace(/\$\{\{\s*([\s\S]+?)\s*\}\}/g, (_all, expression: string) =>
    valueToString(fromExpressionData(evaluateExpression(expression, scope))),
  )
}

function safeString(token: StepPlan['name'], scope: EvaluationScope): string | undefined {
  if (!token) return undefined
  try {
    return evaluateString(token, scope)
  } catch {
    return token.toString()
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  return `Run ${line.length > 60 ? `${line.slice(0, 57)}...` : line}`
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

function numberOrUndefined(value: Value): number | undefined {
  if (value === null || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError(`timeout-minutes must be a positive number, found ${JSON.stringify(value)}`)
  return n
}

function minDefined(...values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined)
  return defined.length ? Math.max(1, Math.min(...defined)) : undefined
}

/** The files hashFiles(patterns) reads, below the workspace, sorted. */
function hashFilesSync(patterns: readonly string[], workspace: string): string[] {
  const files = globSync([...patterns], {
    cwd: workspace,
    absolute: true,
    ignore: ['**/node_modules/**'],
    onlyFiles: true,
  })
  return [...new Set(files)].sort()
}
