export { groupLines, isLineChanged, countLines, type LineRange, type ChangedFiles } from './line-ranges'
export { parseUnifiedDiff } from './parse-unified-diff'
export {
  readChangedLines,
  resolveDiffCommits,
  type DiffCommits,
  type DiffContext,
  type ReadChangedLinesOptions,
} from './read-changed-lines'
