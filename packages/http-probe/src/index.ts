export { parseStatusRanges, statusMatches, formatStatusRanges, type StatusRange } from './status-ranges'
export { readJsonPath, tokenizePath, jsonValueEquals, type JsonPathResult } from './json-path'
export { backoffDelay, percentile } from './backoff'
export { sendRequest, HttpRequestError, type HttpRequestSpec, type HttpResponse } from './http-request'
export {
  checkResponse,
  checkLatency,
  latencyStats,
  type Expectations,
  type AssertionFailure,
  type AssertionKind,
  type LatencyStats,
} from './assertions'
export {
  probeAll,
  probeTarget,
  defaultProbeDeps,
  type ProbeTarget,
  type ProbeOptions,
  type ProbeDeps,
  type AttemptRecord,
  type TargetReport,
  type ProbeReport,
} from './probe'
export { renderProbeSummary } from './render-summary'
