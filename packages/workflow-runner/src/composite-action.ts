import { join } from 'node:path'
import { stringify } from 'yaml'
import { actionInputEnv } from '@pipeline-kit/action-manifest'
import { describeError } from '@pipeline-kit/common'
import { evaluateText, type EvaluationScope, type Value } from './expressions'
import { evaluateInputDefault } from './input-defaults'
import type { LoadedManifest } from './load-action'
import { hashFilesSync } from './hash-files'
import { loadWorkflow } from './load-workflow'
import type { ActionLocation } from './locate-action'
import type { ActionStep } from './node-action'
import { stepDirectory, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import { runStep } from './run-step'

/**
 * Runs a composite action as the runner does: its steps in order inside the job, with
 * their own `steps` context and status (a failed step skips the rest unless their `if`
 * says otherwise), `inputs` from the step's `with` and the declared defaults,
 * `github.action_path` and GITHUB_ACTION_PATH set to the action's folder, the outer
 * step's env, and outputs mapped from the steps' outputs. GITHUB_ENV, GITHUB_PATH,
 * masks and post steps of nested node actions belong to the job.
 */
export async function runCompositeAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
  manifest: LoadedManifest,
): Promise<ProcessOutcome> {
  const rawSteps = (manifest.runs?.steps ?? []) as unknown[]
  // The steps get the workflow parser's treatment (implicit success(), generated ids,
  // expressions in every field) by reading them as the steps of a job.
  const source = stringify({ on: 'push', jobs: { composite: { 'runs-on': 'local', steps: rawSteps } } })
  let steps
  try {
    steps = (await loadWorkflow(join(location.dir, 'action.yml'), source)).jobs[0]!.steps
  } catch (error) {
    return { ok: false, detail: describeError(error), outputs: {}, tail: [] }
  }
  const outer = state.contexts()
  const defaultsScope: EvaluationScope = {
    contexts: outer,
    hashFiles: (patterns) => hashFilesSync(patterns, state.workspace),
  }
  const inputEnv = actionInputEnv(manifest.inputs ?? {}, step.inputs, (text) =>
    evaluateInputDefault(text, defaultsScope),
  )
  const inputs: Record<string, Value> = {}
  for (const name of [...Object.keys(manifest.inputs ?? {}), ...Object.keys(step.inputs)])
    inputs[name] = inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  const github = { ...(outer.github as Record<string, Value>), action_path: location.dir }
  const composite: JobState = {
    ...state,
    stepsDir: `${stepDirectory(state, step.id)}-composite`,
    steps: {},
    results: [],
    failed: false,
    firstFailure: undefined,
    contexts: () => ({
      ...state.contexts(),
      github,
      inputs,
      env: { ...(state.contexts().env as Record<string, Value>), ...step.env, ...state.env },
      steps: composite.steps as unknown as Value,
    }),
  }
  const env = { ...step.env, GITHUB_ACTION_PATH: location.dir }
  for (const inner of steps) await runStep(run, composite, inner, env, {}, undefined)

  const outputs: Record<string, string> = {}
  const scope: EvaluationScope = { contexts: composite.contexts() }
  try {
    for (const [name, spec] of Object.entries(manifest.outputs ?? {}))
      outputs[name] = spec.value === undefined ? '' : evaluateText(String(spec.value), scope)
  } catch (error) {
    return { ok: false, detail: `outputs: ${describeError(error)}`, outputs, tail: [] }
  }
  return {
    ok: !composite.failed,
    detail: composite.firstFailure,
    outputs,
    tail: composite.results.flatMap((r) => r.logTail).slice(-40),
  }
}
