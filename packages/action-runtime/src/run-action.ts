import * as core from '@actions/core'
import { describeError, isUserError, type Logger } from '@pipeline-kit/common'
import {
  describeDroppedAnnotations,
  planAnnotations,
  type Annotation,
  type AnnotationPlan,
} from './annotations'
import type { GitHubClient } from './github-client'
import { readRunContext, type RunContext } from './github-context'
import { Inputs } from './inputs'
import { loadGitHubClient } from './load-github-client'
import { secretValues, type SecretInputs } from './secret-inputs'
import { SummaryBudget } from './summary-budget'

/** Everything an action's main needs from the runner, in one object. */
export interface ActionContext {
  readonly input: Inputs
  readonly log: Logger
  readonly run: RunContext
  /** Registers a value to be masked in all later log output. */
  secret(value: string | undefined): void
  /** Every value masked so far: those of the declared secret inputs first, then secret()'s. */
  readonly masked: readonly string[]
  setOutput(name: string, value: string | number | boolean): void
  setOutputs(outputs: Readonly<Record<string, string | number | boolean | undefined>>): void
  exportVariable(name: string, value: string): void
  /** Appends markdown to the job summary, cut with a notice to stay within 1 MiB. */
  summary(markdown: string): Promise<void>
  /** Emits annotations within GitHub's per-step caps and says how many were dropped. */
  annotate(annotations: readonly Annotation[]): AnnotationPlan
  saveState(name: string, value: string): void
  getState(name: string): string
  /** An authenticated, throttled client (loaded on first use); the token is masked first. */
  github(token: string): Promise<GitHubClient>
}

export interface RunActionOptions {
  /**
   * The action's secret-bearing inputs (per its action.yml): their values, lines and secret
   * parts are masked before main or post runs, so before any input is parsed.
   */
  readonly secretInputs?: SecretInputs
  /** Run in the action's post step (declared as `post:` in action.yml with the same bundle). */
  readonly post?: (gh: ActionContext) => Promise<void>
}

const POST_FLAG = 'pipeline-kit-is-post'

/**
 * The entry point of every action. Any throw becomes one setFailed line (stack under
 * debug only) and a non-zero exit code; a UserError with a file becomes an annotation.
 * With options.post the same bundle serves the post step, told apart by saved state.
 */
export async function runAction(
  main: (gh: ActionContext) => Promise<void>,
  options: RunActionOptions = {},
): Promise<void> {
  const masked: string[] = []
  for (const value of secretValues((name) => core.getInput(name), options.secretInputs ?? {})) {
    core.setSecret(value)
    masked.push(value)
  }
  const gh = createActionContext(masked, options.secretInputs)
  const isPost = core.getState(POST_FLAG) === 'true'
  try {
    if (isPost) {
      if (options.post) await options.post(gh)
      return
    }
    if (options.post) core.saveState(POST_FLAG, 'true')
    await main(gh)
  } catch (error) {
    reportFailure(error)
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof Error && error.stack) core.debug(error.stack)
  const message = describeError(error)
  if (isUserError(error) && error.location) {
    core.error(message, {
      file: error.location.file,
      startLine: error.location.line,
      startColumn: error.location.column,
    })
    process.exitCode = 1
  } else {
    core.setFailed(message)
  }
}

function createActionContext(masked: string[], secretInputs: SecretInputs = {}): ActionContext {
  const budget = new SummaryBudget()
  const log: Logger = {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (name, fn) => core.group(name, fn),
  }
  return {
    input: new Inputs((name) => core.getInput(name), secretInputs),
    log,
    run: readRunContext(),
    secret: (value) => {
      if (!value) return
      core.setSecret(value)
      masked.push(value)
    },
    masked,
    setOutput: (name, value) => core.setOutput(name, String(value)),
    setOutputs: (outputs) => {
      for (const [name, value] of Object.entries(outputs))
        if (value !== undefined) core.setOutput(name, String(value))
    },
    exportVariable: (name, value) => core.exportVariable(name, value),
    summary: async (markdown) => {
      const text = budget.fit(markdown)
      if (text && process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(text, true).write()
    },
    annotate: (annotations) => {
      const plan = planAnnotations(annotations)
      for (const a of plan.emit) {
        const props: core.AnnotationProperties = {
          title: a.title,
          file: a.file,
          startLine: a.line,
          endLine: a.endLine,
          startColumn: a.column,
          endColumn: a.endColumn,
        }
        if (a.level === 'error') core.error(a.message, props)
        else if (a.level === 'warning') core.warning(a.message, props)
        else core.notice(a.message, props)
      }
      const dropped = describeDroppedAnnotations(plan)
      if (dropped) core.info(dropped)
      return plan
    },
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    github: (token) => {
      core.setSecret(token)
      return loadGitHubClient({ token, log })
    },
  }
}
