import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { actionInputEnv, type DeclaredInput } from '@pipeline-kit/action-manifest'
import { executeProcess } from './execute-process'
import { evaluateCondition, type EvaluationScope } from './expressions'
import { loadActionAt, type LoadedManifest } from './load-action'
import { evaluateInputDefault } from './input-defaults'
import { hashFilesSync } from './hash-files'
import { createFileCommandFiles } from './file-commands'
import type { ActionLocation } from './locate-action'
import { annotate, stepDirectory, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import { recordStageResult } from './stage-result'

/** A `uses:` step whose action is a folder on disk, its `with:` evaluated. */
export interface ActionStep {
  readonly id: string
  readonly uses: string
  readonly label: string
  readonly inputs: Record<string, string>
  readonly env: Record<string, string>
  readonly timeoutMs: number | undefined
}

interface NodeRuns {
  readonly using: string
  readonly main: string
  readonly pre?: string
  readonly 'pre-if'?: string
  readonly post?: string
  readonly 'post-if'?: string
}

interface LoadedAction {
  readonly inputs: Readonly<Record<string, DeclaredInput>>
  readonly runs: NodeRuns
}

/** The `runs.using` values of node actions; the runner runs every one of them on Node 24. */
const NODE_RUNTIMES = new Set(['node12', 'node16', 'node20', 'node24'])

const failed = (detail: string): ProcessOutcome => ({ ok: false, detail, outputs: {}, tail: [] })
const isOutcome = <T extends object>(value: T | ProcessOutcome): value is ProcessOutcome => 'ok' in value

/**
 * A loaded manifest as a node action: its inputs and `runs`, or a failed outcome when it
 * is not a node action or a script it names is missing.
 */
function asNodeAction(manifest: LoadedManifest, dir: string): LoadedAction | ProcessOutcome {
  const runs = manifest.runs as Partial<NodeRuns> | undefined
  if (!runs?.using || !NODE_RUNTIMES.has(runs.using) || !runs.main)
    return failed(`runs.using ${runs?.using ?? '(none)'} is not a node action the local runner can run`)
  for (const script of [runs.pre, runs.main, runs.post]) {
    if (script !== undefined && !existsSync(join(dir, script)))
      return failed(`${join(dir, script)} is missing; build it with pnpm build ${basename(dir)}`)
  }
  return { inputs: manifest.inputs ?? {}, runs: runs as NodeRuns }
}

function loadNodeAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  dir: string,
): LoadedAction | ProcessOutcome {
  const manifest = loadActionAt(run, state, step, dir)
  return isOutcome(manifest) ? manifest : asNodeAction(manifest, dir)
}

/**
 * Runs a repository action's `pre` script at the start of the job, as the runner does in
 * "Set up job" order: when `pre-if` (default `always()`) holds, with the step's inputs;
 * what it saves with GITHUB_STATE reaches its main and post scripts. A failing pre fails the job.
 */
export async function runNodeActionPre(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
): Promise<void> {
  if (!location.repository) return
  const action = loadNodeAction(run, state, step, location.dir)
  if (isOutcome(action) || action.runs.pre === undefined) return
  if (!statusCondition(action.runs['pre-if'], state)) return
  await runStage(run, state, step, location.dir, action, 'pre')
}

/**
 * Runs a node action's main script as the runner does: manifest loaded (and refused with
 * the runner's messages), inputs as INPUT_* with their defaults evaluated, the step's
 * file-command files, STATE_* of its pre; its `post` queued for the end of the job.
 */
export async function runNodeAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
  manifest: LoadedManifest,
): Promise<ProcessOutcome> {
  const action = asNodeAction(manifest, location.dir)
  if (isOutcome(action)) return action
  const declared = Object.keys(action.inputs)
  const known = new Set(declared.map((name) => name.toLowerCase()))
  const unexpected = Object.keys(step.inputs).filter((name) => !known.has(name.toLowerCase()))
  if (unexpected.length > 0) {
    annotate(
      run,
      state,
      step.label,
      'warning',
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.join("', '")}']`,
    )
  }
  if (action.runs.pre !== undefined && !location.repository)
    annotate(
      run,
      state,
      step.label,
      'warning',
      `\`pre\` execution is not supported for local action from '${step.uses}'`,
    )
  if (action.runs.using !== 'node24')
    annotate(
      run,
      state,
      step.label,
      'warning',
      `Node.js ${action.runs.using.slice(4)} is deprecated. The following actions target Node.js ${action.runs.using.slice(4)} but are being forced to run on Node.js 24: ${step.uses}`,
    )
  if (state.jobContainer?.name)
    annotate(
      run,
      state,
      step.label,
      'warning',
      `${step.uses} runs on the host: the local runner does not run node actions inside the job container (GitHub runs them there with its own node)`,
    )
  const outcome = await runStage(run, state, step, location.dir, action, 'main')
  if (action.runs.post !== undefined) {
    state.posts.push(async () => {
      if (statusCondition(action.runs['post-if'], state))
        await runStage(run, state, step, location.dir, action, 'post')
    })
  }
  return outcome
}

/**
 * Runs one stage's script with node. Pre and post are steps of their own in the job's
 * results ("Pre <name>", "Post <name>"); their failure fails the job.
 */
async function runStage(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  dir: string,
  action: LoadedAction,
  stage: 'pre' | 'main' | 'post',
): Promise<ProcessOutcome> {
  const label = stage === 'main' ? step.label : `${stage === 'pre' ? 'Pre' : 'Post'} ${step.label}`
  const started = performance.now()
  if (stage !== 'main') run.reporter.stepStarted({ name: state.name }, { name: label })
  const scope: EvaluationScope = {
    contexts: state.contexts(),
    hashFiles: (patterns) => hashFilesSync(patterns, state.workspace),
  }
  const stepDir = `${stepDirectory(state, step.id)}${stage === 'main' ? '' : `-${stage}`}`
  const files = createFileCommandFiles(stepDir)
  const saved = state.actionState[step.id] ?? {}
  const stateEnv = Object.fromEntries(Object.entries(saved).map(([k, v]) => [`STATE_${k}`, v]))
  const inputEnv = actionInputEnv(action.inputs, step.inputs, (text) => evaluateInputDefault(text, scope))
  const outcome = await executeProcess(run, state, {
    label,
    command: run.options.nodeBinary ?? process.execPath,
    args: [join(dir, action.runs[stage]!)],
    cwd: state.workspace,
    env: {
      ...step.env,
      ...inputEnv,
      GITHUB_ACTION_PATH: dir,
      GITHUB_ACTION: step.id,
      ...actionRepository(step.uses),
      ...stateEnv,
      ...files,
    },
    files,
    timeoutMs: stage === 'main' ? step.timeoutMs : 60_000,
  })
  state.actionState[step.id] = { ...saved, ...outcome.state }
  if (stage === 'main') return outcome
  recordStageResult(run, state, { id: `${stage}-${step.id}`, label, startedAt: started }, outcome)
  return outcome
}

/** GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF of a repository action (empty for `./path`). */
export function actionRepository(uses: string): Record<string, string> {
  const remote = /^([^/@]+\/[^/@]+)(?:\/[^@]*)?@(.+)$/.exec(uses)
  return { GITHUB_ACTION_REPOSITORY: remote?.[1] ?? '', GITHUB_ACTION_REF: remote?.[2] ?? '' }
}

/** `pre-if` / `post-if`: a condition over the job status, `always()` when not given. */
export function statusCondition(condition: string | undefined, state: JobState): boolean {
  const expression = (condition ?? 'always()').replace(/^\s*\$\{\{\s*|\s*\}\}\s*$/g, '')
  return evaluateCondition(expression, {
    contexts: state.contexts(),
    status: { success: !state.failed, failure: state.failed },
  })
}
