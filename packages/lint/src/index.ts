// The surface the lint action, its tests and bench/lint.bench.ts use; everything else stays inside the package.
export { LINTER_NAMES, type LinterDefinition } from './linters'
export { createCustomLinter, resolveParser } from './custom'
export { buildReport, failureReasons, type LintReport, type OnlyChanged, type FailLevel } from './report'
export { renderLintSummary, renderCheckRun, toAnnotation } from './summary'
export { lintProject, writeLintOutputs } from './lint-project'
export { createPathNormaliser } from './paths'
export { parseEslintJson, parseSarif } from './parsers'
