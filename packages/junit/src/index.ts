// The surface the test action uses; everything else stays inside the package.
export { type FailOnCondition } from './verdict'
export { renderTestSummary } from './summary'
export { collectTestResults, noReportsError } from './collect'
export {
  prepareTestReport,
  toWorkflowAnnotations,
  droppedAnnotationsNote,
  unreadableReportsError,
  type PreparedReport,
} from './report'
