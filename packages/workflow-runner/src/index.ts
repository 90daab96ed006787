export { runWorkflow, type RunWorkflowOptions } from './run-workflow'
export { parseParallelJobs } from './run-options'
export { loadWorkflow, type WorkflowPlan, type JobPlan, type StepPlan } from './load-workflow'
export {
  evaluateExpression,
  evaluateCondition,
  evaluateToken,
  evaluateString,
  valueToString,
  type Value,
  type Contexts,
  type EvaluationScope,
} from './expressions'
export { expandMatrix, type MatrixCombination } from './matrix'
export { orderJobs } from './job-order'
export { selectJobs } from './select-jobs'
export {
  createPushPayload,
  repositoryPayload,
  senderPayload,
  readHeadCommit,
  type HeadCommit,
  type PushEventOptions,
} from './push-event'
export { resolveUses, type UsesTarget } from './resolve-uses'
export {
  parseStepOutput,
  parseCommandLine,
  commandAnnotation,
  parseFileCommand,
  applyMasks,
  type Annotation,
  type WorkflowCommand,
  type StepCommands,
  type CommandOptions,
} from './commands'
export { shellCommand } from './shell'
export { createConsoleReporter, type ConsoleReporterOptions } from './progress'
export { renderRunReport } from './report'
export {
  silentReporter,
  type Reporter,
  type WorkflowResult,
  type JobResult,
  type StepResult,
  type CollectedAnnotation,
  type CollectedSummary,
} from './types'
export { runLocalPipeline, type LocalPipelineOptions, type LocalPipelineRun } from './local-pipeline'
export { startLocalRegistry, type LocalRegistry, type LocalRegistryOptions } from './local-registry'
export { buildNodeBaseImage } from './node-base-image'
export { freePort } from './free-port'
