import { describeError } from '@pipeline-kit/common'
import { applyMasks } from './commands'
import {
  evaluateCondition,
  evaluateString,
  evaluateStringMap,
  evaluateToken,
  valueToString,
  type EvaluationScope,
} from './expressions'
import type { StepPlan } from './load-workflow'
import { isMappedTarget, runMappedAction } from './mapped-action'
import type { ActionStep } from './node-action'
import { runDockerStep } from './docker-action'
import { runActionAt, runActionPreAt } from './run-action'
import { locateAction } from './locate-action'
import { resolveUses } from './resolve-uses'
import { annotate, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import { runScriptStep } from './run-script-step'
import { hashFilesSync } from './hash-files'
import { firstLine, minDefined, safeString, timeoutMinutes } from './step-values'
import type { StepKind, StepResult } from './types'

/** `defaults.run` of the job (or else the workflow), evaluated. */
export interface RunDefaults {
  readonly shell?: string
  readonly workingDirectory?: string
}

/**
 * Runs one step of a job: `if:` evaluated with the job's status so far, then the run
 * script or the action its `uses:` names; records its result, outputs and conclusion
 * (after continue-on-error) in the job state.
 */
export async function runStep(
  run: RunContext,
  state: JobState,
  step: StepPlan,
  baseEnv: Record<string, string>,
  defaults: RunDefaults,
  deadline: number | undefined,
): Promise<void> {
  // After fail-fast cancels the job, success() is false and cancelled() true, as on GitHub.
  const cancelledBefore = state.signal?.aborted === true
  const jobScope: EvaluationScope = {
    contexts: state.contexts(),
    status: { success: !state.failed && !cancelledBefore, failure: state.failed, cancelled: cancelledBefore },
    hashFiles: (patterns) => hashFilesSync(patterns, state.workspace),
  }
  let own: ReturnType<typeof withStepEnv> = { env: {}, scope: jobScope }
  let envError: string | undefined
  try {
    own = withStepEnv(step, jobScope)
  } catch (error) {
    envError = `env: ${describeError(error)}`
  }
  const { env: stepEnv, scope } = own
  // Masked where it is made: a run step is named after its evaluated script.
  const label = applyMasks(
    safeString(step.name, scope) ??
      (step.run ? firstLine(safeString(step.run, scope) ?? 'run') : (step.uses ?? step.id)),
    state.masks,
  )
  const started = performance.now()
  const finish = (
    kind: StepKind,
    outcome: StepResult['outcome'],
    detail: string | undefined,
    outputs: Record<string, string> = {},
    logTail: string[] = [],
  ) => {
    if (detail !== undefined) detail = applyMasks(detail, state.masks)
    // The step fail-fast stopped while it ran was cancelled, not failed.
    if (outcome === 'failure' && !cancelledBefore && state.signal?.aborted) {
      outcome = 'cancelled'
      detail = 'the operation was cancelled'
    }
    const conclusion = outcome === 'failure' && continuesOnError(step, scope) ? 'success' : outcome
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
    run.reporter.stepFinished({ name: state.name }, result)
  }
  const finishWith = (kind: StepKind, outcome: ProcessOutcome) =>
    finish(kind, outcome.ok ? 'success' : 'failure', outcome.detail, outcome.outputs, outcome.tail)

  const kind: StepKind = step.run ? 'run' : 'action'
  if (envError !== undefined) {
    run.reporter.stepStarted({ name: state.name }, { name: label })
    return finish(kind, 'failure', envError)
  }
  let runIt: boolean
  try {
    runIt = evaluateCondition(step.if, scope)
  } catch (error) {
    run.reporter.stepStarted({ name: state.name }, { name: label })
    return finish(kind, 'failure', `if: ${describeError(error)}`)
  }
  if (!runIt)
    return finish(
      kind,
      'skipped',
      (state.failed || cancelledBefore) && step.if.startsWith('success()')
        ? undefined
        : `if: ${step.if} was false`,
    )
  run.reporter.stepStarted({ name: state.name }, { name: label })
  if (deadline !== undefined && Date.now() > deadline)
    return finish('run', 'failure', 'the job timed out (timeout-minutes)')

  try {
    const env = { ...baseEnv, ...state.env, ...stepEnv }
    const stepTimeout = timeoutMinutes(evaluateToken(step.timeoutMinutes, scope))
    const timeoutMs = minDefined(
      stepTimeout ? stepTimeout * 60_000 : undefined,
      deadline ? deadline - Date.now() : undefined,
    )
    if (step.run) {
      const outcome = await runScriptStep(run, state, {
        id: step.id,
        label,
        script: evaluateString(step.run, scope),
        shell: step.shell ? evaluateString(step.shell, scope) : defaults.shell,
        workingDirectory: step.workingDirectory
          ? evaluateString(step.workingDirectory, scope)
          : defaults.workingDirectory,
        env,
        timeoutMs,
      })
      return finishWith('run', outcome)
    }
    const target = resolveUses(step.uses!)
    const action: ActionStep = {
      id: step.id,
      uses: step.uses!,
      label,
      inputs: evaluateStringMap(step.with, scope),
      env,
      timeoutMs,
    }
    if (target.kind === 'docker') return finishWith('action', await runDockerStep(run, state, action))
    const location = locateAction(run.options, state.workspace, step.uses!, target)
    if (location) return finishWith('action', await runActionAt(run, state, action, location))
    if (isMappedTarget(target)) {
      const local = await runMappedAction(run, state.workspace, target, action.inputs, env)
      for (const warning of local.warnings) annotate(run, state, label, 'warning', warning)
      return finish('local-equivalent', local.ok ? 'success' : 'failure', local.detail, {
        ...local.outputs,
      })
    }
    const message = unavailableAction(step.uses!)
    annotate(run, state, label, 'error', message)
    return finish('not-run-locally', 'failure', message)
  } catch (error) {
    return finish(kind, 'failure', describeError(error))
  }
}

/**
 * Runs the `pre` of every repository action of the job, in step order, before the first
 * step (the runner does so in "Set up job"); each with its inputs as the job starts.
 */
export async function runPreSteps(
  run: RunContext,
  state: JobState,
  steps: readonly StepPlan[],
  baseEnv: Record<string, string>,
): Promise<void> {
  for (const step of steps) {
    if (!step.uses || state.failed) continue
    const location = locateAction(run.options, state.workspace, step.uses, resolveUses(step.uses))
    if (!location?.repository) continue
    const jobScope: EvaluationScope = {
      contexts: state.contexts(),
      status: { success: true, failure: false },
    }
    let label = applyMasks(safeString(step.name, jobScope) ?? step.uses, state.masks)
    try {
      const own = withStepEnv(step, jobScope)
      label = applyMasks(safeString(step.name, own.scope) ?? step.uses, state.masks)
      const env = { ...baseEnv, ...state.env, ...own.env }
      const inputs = evaluateStringMap(step.with, own.scope)
      await runActionPreAt(
        run,
        state,
        { id: step.id, uses: step.uses, label, inputs, env, timeoutMs: undefined },
        location,
      )
    } catch (error) {
      state.failed = true
      state.firstFailure = `step 'Pre ${label}' failed: ${applyMasks(describeError(error), state.masks)}`
    }
  }
}

/**
 * A step's env evaluated, and the scope its other keys see: the runner's StepsRunner
 * evaluates the env first and adds it to the env context of the step's if, name, with, run …
 */
function withStepEnv(
  step: StepPlan,
  scope: EvaluationScope,
): { env: Record<string, string>; scope: EvaluationScope } {
  const env = evaluateStringMap(step.env, scope)
  const contextEnv = { ...(scope.contexts.env as Record<string, string> | undefined), ...env }
  return { env, scope: { ...scope, contexts: { ...scope.contexts, env: contextEnv } } }
}

/** Why a remote action did not run, and how to give the runner its files. */
export function unavailableAction(uses: string): string {
  return `${uses} is a remote action the local runner cannot fetch; map it to a folder holding its files with actionMap { '${uses}': DIR } (pnpm pipeline --action ${uses}=DIR) or put it in the actionCache folder as <owner>/<repo>/<ref>`
}

function continuesOnError(step: StepPlan, scope: EvaluationScope): boolean {
  if (step.continueOnError === undefined) return false
  if (typeof step.continueOnError === 'boolean') return step.continueOnError
  try {
    return valueToString(evaluateToken(step.continueOnError, scope)) === 'true'
  } catch {
    return false
  }
}
