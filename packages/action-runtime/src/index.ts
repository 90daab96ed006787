export { runAction, type ActionContext, type RunActionOptions } from './run-action'
export { Inputs, parseDuration, formatMs, invalid, type ReadInput, type RangeOptions } from './inputs'
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
export { readRunContext, type RunContext } from './github-context'
export * from '@pipeline-kit/common'
