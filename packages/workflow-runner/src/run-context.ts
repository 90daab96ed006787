import { join } from 'node:path'
import type { Contexts, Value } from './expressions'
import type { JobContainer } from './job-container'
import type { JobPlan, WorkflowPlan } from './load-workflow'
import type { RunWorkflowOptions } from './run-options'
import type { CollectedAnnotation, CollectedSummary, Reporter, StepResult } from './types'

/** What every job of one workflow run shares: the plan, the options, and what the run collects. */
export interface RunContext {
  readonly plan: WorkflowPlan
  readonly options: RunWorkflowOptions
  readonly reporter: Reporter
  readonly workDir: string
  readonly artifactsDir: string
  readonly annotations: CollectedAnnotation[]
  readonly summaries: CollectedSummary[]
  readonly github: Record<string, Value>
  readonly inputs: Record<string, Value>
  /** Numbers job folders (job-1-build, job-2-test …). */
  jobCounter: number
}

/** One running job instance (one matrix combination): its workspace and what its steps changed. */
export interface JobState {
  readonly plan: JobPlan
  readonly name: string
  readonly workspace: string
  readonly stepsDir: string
  readonly env: Record<string, string>
  readonly path: string[]
  readonly steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>
  readonly results: StepResult[]
  readonly posts: (() => Promise<void>)[]
  /** Run at the very end of the job, after the posts, even when it failed (images, containers, networks). */
  readonly cleanups: (() => Promise<void>)[]
  /** The job's `container:` (and its network), when it has one or has `services:`. */
  jobContainer?: JobContainer
  readonly masks: string[]
  /** What each action step saved with GITHUB_STATE (pre, then main), for its STATE_* in later stages. */
  readonly actionState: Record<string, Record<string, string>>
  failed: boolean
  firstFailure?: string
  /** Aborted when fail-fast cancels this job instance: the running step is stopped. */
  readonly signal?: AbortSignal
  contexts: () => Contexts
}

/** What running one step's process (or its local equivalent) came to. */
export interface ProcessOutcome {
  readonly ok: boolean
  readonly detail?: string
  readonly outputs: Record<string, string>
  readonly tail: string[]
  readonly state?: Record<string, string>
}

/** The contexts every expression of the run sees: github, inputs, vars, secrets, runner. */
export function baseContexts(run: RunContext): Record<string, Value> {
  return {
    github: run.github,
    inputs: run.inputs,
    vars: { ...run.options.vars },
    secrets: { GITHUB_TOKEN: '', ...run.options.secrets },
    runner: {
      os: 'Linux',
      arch: 'X64',
      name: 'pipeline-kit-local',
      temp: join(run.workDir, 'runner-temp'),
      tool_cache: join(run.workDir, 'tool-cache'),
      environment: 'self-hosted',
      debug: '',
    },
  }
}

/** The folder of a job's n-th step (file-command files, script). */
export function stepDirectory(state: JobState, stepId: string): string {
  return join(state.stepsDir, `${state.results.length + 1}-${stepId.replace(/[^\w.-]/g, '_')}`)
}

/** Records an annotation for a step of a job. */
export function annotate(
  run: RunContext,
  state: JobState,
  step: string,
  level: CollectedAnnotation['level'],
  message: string,
): void {
  run.annotations.push({ level, message, job: state.name, step })
}
