export type {
  RunOutcome,
  TestStatus,
  TestProblem,
  TestRun,
  TestCase,
  ElementCounts,
  JUnitReport,
  TestTotals,
  TestResults,
} from './model'
export { parseJUnitFile, parseJUnitString, parseSeconds, type ParseJUnitOptions } from './parse-junit'
export { mergeReports, addTest, countTests, statusOf, slowestTests, TestAccumulator } from './merge'
export {
  locateFailure,
  stackTraceCandidates,
  indexWorkspaceFiles,
  createWorkspaceFiles,
  type SourceLocation,
  type WorkspaceFiles,
} from './locate'
export {
  buildAnnotations,
  annotationLocation,
  decisiveProblem,
  testTitle,
  type CheckRunAnnotation,
} from './annotations'
export { decideVerdict, type FailOnCondition, type Verdict, type VerdictOptions } from './verdict'
export { renderTestSummary, type SummaryOptions } from './summary'
export {
  writeResultsJson,
  ResultsJsonWriter,
  toTestJson,
  RESULTS_SCHEMA,
  type TestJson,
  type TestResultsJson,
} from './results-json'
export { collectTestResults, noReportsError, type CollectOptions, type CollectedResults } from './collect'
export { checkRunTitle, orderAnnotations } from './check-run'
export {
  prepareTestReport,
  toWorkflowAnnotations,
  droppedAnnotationsNote,
  unreadableReportsError,
  type PreparedReport,
} from './report'
