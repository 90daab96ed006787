export * from './model'
export {
  percent,
  formatPercent,
  parsePercentThreshold,
  meetsThreshold,
  formatShortfall,
  type PercentThreshold,
} from './percent'
export { parseLcov, readLcov } from './lcov'
export { parseIstanbulFinal, parseIstanbulSummary } from './istanbul'
export {
  createCoberturaReader,
  createCloverReader,
  createJacocoReader,
  type XmlCoverageReader,
} from './xml-formats'
export { detectFormat, readCoverageReport, parseCoverageText } from './read-report'
export { mergeFiles, type MergedCoverage } from './merge'
export {
  normaliseReportPaths,
  diskExists,
  diskSuffixIndex,
  type PathOptions,
  type NormalisedReport,
} from './paths'
export { computePatchCoverage, type PatchCoverage, type PatchFile } from './patch'
export { evaluateThresholds, type Thresholds, type ThresholdCheck } from './thresholds'
export {
  createBaseline,
  parseBaseline,
  computeDelta,
  type CoverageBaseline,
  type CoverageDelta,
} from './delta'
export {
  collectCoverage,
  summariseCoverage,
  type CollectedCoverage,
  type CoverageResult,
  type FileSummary,
  type ReportInfo,
  type SummariseOptions,
} from './analyse'
export { renderCoverageMarkdown, commentMarker, type RenderOptions } from './render'
export { renderCoverageBadge, badgeColor } from './badge'
export {
  upsertStickyComment,
  commentAuthor,
  ACTIONS_BOT_LOGIN,
  type CommentClient,
  type StickyCommentTarget,
  type StickyCommentResult,
} from './comment'
export {
  loadBaseline,
  storeBaseline,
  baselineId,
  type BaselineCache,
  type BaselineLocation,
  type LoadedBaseline,
} from './baseline-store'
export {
  planCoverageEvent,
  patchAnnotations,
  coverageAnnotations,
  toJsonResult,
  coverageOutputs,
  type CoverageEvent,
} from './event'
