import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ActionManifestError, loadActionManifest } from '@pipeline-kit/action-manifest'
import { executeProcess } from './execute-process'
import {
  evaluateCondition,
  evaluateExpression,
  fromExpressionData,
  valueToString,
  type EvaluationScope,
} from './expressions'
import { createFileCommandFiles } from './file-commands'
import { annotate, stepDirectory, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import type { StepResult } from './types'

/** A `uses:` step whose action is a folder on disk, its `with:` evaluated. */
export interface ActionStep {
  readonly id: string
  readonly uses: string
  readonly label: string
  readonly inputs: Record<string, string>
  readonly env: Record<string, string>
  readonly timeoutMs: number | undefined
}

/**
 * Runs a node action from its folder as the runner does: manifest loaded (and refused
 * with the runner's messages), declared inputs as INPUT_* with their defaults, `main`
 * with the step's file-command files, `post` queued for the end of the job with STATE_*.
 */
export async function runNodeAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  dir: string,
): Promise<ProcessOutcome> {
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
    meta = loadActionManifest(readFileSync(metadataFile, 'utf8'), manifestName(step.uses, metadataFile))
  } catch (error) {
    if (!(error instanceof ActionManifestError)) throw error
    for (const message of error.errors) annotate(run, state, step.label, 'error', message)
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
  const unexpected = Object.keys(step.inputs).filter((name) => !(name in declared))
  if (unexpected.length > 0) {
    const valid = Object.keys(declared).join("', '")
    annotate(
      run,
      state,
      step.label,
      'warning',
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${valid}']`,
    )
  }
  const scope: EvaluationScope = { contexts: state.contexts() }
  const inputEnv: Record<string, string> = {}
  for (const [name, spec] of Object.entries(declared)) {
    const value =
      step.inputs[name] ?? (spec.default !== undefined ? interpolate(String(spec.default), scope) : '')
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const node = run.options.nodeBinary ?? process.execPath
  const stepDir = stepDirectory(state, step.id)
  const files = createFileCommandFiles(stepDir)
  const actionEnv = { ...step.env, ...inputEnv, GITHUB_ACTION_PATH: dir, GITHUB_ACTION: step.id, ...files }
  const outcome = await executeProcess(run, state, {
    label: step.label,
    command: node,
    args: [main],
    cwd: state.workspace,
    env: actionEnv,
    files,
    timeoutMs: step.timeoutMs,
  })
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
      const postLabel = `Post ${step.label}`
      run.reporter.stepStarted({ name: state.name }, { name: postLabel })
      const started = performance.now()
      const postFiles = createFileCommandFiles(`${stepDir}-post`)
      const stateEnv = Object.fromEntries(Object.entries(savedState ?? {}).map(([k, v]) => [`STATE_${k}`, v]))
      const post = await executeProcess(run, state, {
        label: postLabel,
        command: node,
        args: [postScript],
        cwd: state.workspace,
        env: { ...actionEnv, ...stateEnv, ...postFiles },
        files: postFiles,
        timeoutMs: 60_000,
      })
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
      run.reporter.stepFinished({ name: state.name }, result)
    })
  }
  return outcome
}

/**
 * How the runner names a manifest in its errors: relative to its actions folder for a
 * downloaded action (`<owner>/<repo>/<ref>/<path>/action.yml`), the full path for a local one.
 */
export function manifestName(uses: string, file: string): string {
  const remote = /^([^/@]+\/[^/@]+)\/([^@]+)@(.+)$/.exec(uses)
  return remote ? `${remote[1]}/${remote[3]}/${remote[2]}/${basename(file)}` : file
}

/** `${{ expr }}` inside an action.yml default (github.token, github.workspace …), through the evaluator. */
function interpolate(text: string, scope: EvaluationScope): string {
  return text.replace(/\$\{\{\s*([\s\S]+?)\s*\}\}/g, (_all, expression: string) =>
    valueToString(fromExpressionData(evaluateExpression(expression, scope))),
  )
}
