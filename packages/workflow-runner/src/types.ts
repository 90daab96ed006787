import type { Annotation } from './commands'
import type { MatrixCombination } from './matrix'

export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped'
export type JobOutcome = 'success' | 'failure' | 'cancelled' | 'skipped'

/** How a step was carried out locally. */
export type StepKind = 'run' | 'action' | 'local-equivalent' | 'not-run-locally'

export interface StepResult {
  readonly id: string
  readonly name: string
  readonly kind: StepKind
  /** The result before continue-on-error. */
  readonly outcome: StepOutcome
  /** The result after continue-on-error. */
  readonly conclusion: StepOutcome
  readonly outputs: Readonly<Record<string, string>>
  /** Why it failed, was skipped or what its local equivalent did. */
  readonly detail?: string
  readonly durationMs: number
  /** The last lines of its output (masked), kept for failures. */
  readonly logTail: readonly string[]
}

export interface JobResult {
  readonly id: string
  /** Display name, with the matrix values for a matrix job. */
  readonly name: string
  readonly matrix?: MatrixCombination
  readonly result: JobOutcome
  readonly outputs: Readonly<Record<string, string>>
  readonly steps: readonly StepResult[]
  /** For a failed job, the first failing step and its message; for a skipped job, why. */
  readonly reason?: string
  readonly environment?: string
  readonly durationMs: number
}

export interface CollectedAnnotation extends Annotation {
  readonly job: string
  readonly step: string
}

export interface CollectedSummary {
  readonly job: string
  readonly step: string
  readonly markdown: string
}

export interface WorkflowResult {
  readonly workflow: string
  readonly success: boolean
  readonly jobs: readonly JobResult[]
  readonly annotations: readonly CollectedAnnotation[]
  readonly summaries: readonly CollectedSummary[]
  /** The first failed job's name and reason, for the final line. */
  readonly failure?: { readonly job: string; readonly reason: string }
  readonly durationMs: number
}

/** Receives progress as the workflow runs (the console reporter draws the live lines). */
export interface Reporter {
  jobStarted(job: { readonly id: string; readonly name: string }): void
  jobFinished(job: JobResult): void
  stepStarted(job: { readonly name: string }, step: { readonly name: string }): void
  /** A line of step output (masked), for verbose reporters. */
  stepOutput?(line: string, job?: { readonly name: string }): void
  stepFinished(job: { readonly name: string }, step: StepResult): void
}

export const silentReporter: Reporter = {
  jobStarted() {},
  jobFinished() {},
  stepStarted() {},
  stepFinished() {},
}
