export { runAction, type ActionContext, type RunActionOptions } from './run-action'
export {
  Inputs,
  inputsFrom,
  parseDuration,
  formatMs,
  invalid,
  type InputSource,
  type ReadInput,
  type RangeOptions,
} from './inputs'
export {
  planAnnotations,
  describeDroppedAnnotations,
  type Annotation,
  type AnnotationLevel,
  type AnnotationPlan,
} from './annotations'
export { SummaryBudget } from './summary-budget'
export { secretValues, type SecretInputs, type SecretKind } from './secret-inputs'
export type { GitHubClient, GitHubClientOptions } from './github-client'
export { loadGitHubClient } from './load-github-client'
export { readRetryPolicy, DEFAULT_RETRY_POLICY, type RequestRetryPolicy } from './request-retry'
export { runOptionalApiCall, type OptionalCallResult } from './optional-api-call'
export { readRunContext, type RunContext } from './github-context'
export * from '@pipeline-kit/common'
