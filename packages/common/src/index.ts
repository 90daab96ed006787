export { UserError, isUserError, describeError, type FileLocation } from './user-error'
export { type Logger, type RecordedLine, silentLogger, createRecordingLogger } from './logger'
export { runProcess, ProcessError, redact, type RunProcessOptions, type ProcessResult } from './run-process'
export { GITHUB_LIMITS, utf8Bytes, truncateUtf8, truncateChars } from './github-limits'
export { escapeCell, escapeHtml, markdownTable, detailsBlock, formatDuration } from './markdown'
export { findFiles, findFilesOrFail, type FoundFiles } from './find-files'
export { splitCommandLine } from './command-line'
export { redactUrl, urlPasswords } from './redact-url'
export { confineToRoots, type AllowedRoot, type ConfineOptions } from './confine-paths'
export { quoteExcerpt, escapeUnprintable, isBinaryContent, EXCERPT_CHARS } from './excerpt'
export {
  apiCall,
  ApiCallError,
  ApiRequestError,
  isApiCallError,
  errorStatus,
  describeApiFailure,
} from './api-call'
export { backoffDelay } from './backoff'
