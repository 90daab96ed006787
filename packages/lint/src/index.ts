export type { Diagnostic, Severity, SeverityCounts, ToolResult, ToolStatus } from './model'
export { SEVERITIES, emptyCounts } from './model'
export { createPathNormaliser, plainPaths, type PathNormaliser } from './paths'
export * from './parsers'
export { LINTERS, LINTER_NAMES, type LinterDefinition } from './linters'
export { createCustomLinter, resolveParser, type CustomLinterSpec } from './custom'
export { detectLinters, type DetectedLinter } from './detect'
export {
  runLinter,
  runFixer,
  findExecutable,
  outputTail,
  defaultRunLinterDeps,
  type RunLinterOptions,
  type RunLinterDeps,
} from './run-linter'
export { ingestSarifFiles } from './sarif-ingest'
export {
  buildReport,
  isOnChangedLine,
  countAtOrAbove,
  failureReasons,
  type LintReport,
  type ToolSummary,
  type ChangedLines,
  type OnlyChanged,
  type FailLevel,
} from './report'
export { renderSarif } from './sarif-writer'
export {
  renderLintSummary,
  renderCheckRun,
  toAnnotation,
  toCheckRunAnnotation,
  formatLocation,
  type SummaryOptions,
} from './summary'
export { captureTree, diffTrees } from './fix-patch'
export {
  lintProject,
  resolveLinterNames,
  writeLintOutputs,
  type LintPlan,
  type LintRun,
  type LintOutputFiles,
} from './lint-project'
