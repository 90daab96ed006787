import type { JobState, ProcessOutcome, RunContext } from './run-context'
import type { StepResult } from './types'

/**
 * Records a pre or post stage of an action (node or container) as its own step, as the
 * runner shows `Pre <step>` / `Post <step>`: the result, the job's first failure and the
 * reporter line. The main stage is recorded by the step runner instead.
 */
export function recordStageResult(
  run: RunContext,
  state: JobState,
  stage: { readonly id: string; readonly label: string; readonly startedAt: number },
  outcome: ProcessOutcome,
): void {
  const result: StepResult = {
    id: stage.id,
    name: stage.label,
    kind: 'action',
    outcome: outcome.ok ? 'success' : 'failure',
    conclusion: outcome.ok ? 'success' : 'failure',
    outputs: {},
    detail: outcome.detail,
    durationMs: performance.now() - stage.startedAt,
    logTail: outcome.tail,
  }
  state.results.push(result)
  if (!outcome.ok && !state.failed) {
    state.failed = true
    state.firstFailure = `step '${stage.label}' failed${outcome.detail ? `: ${outcome.detail}` : ''}`
  }
  run.reporter.stepFinished({ name: state.name }, result)
}
