export {
  publishCheckRun,
  CHECK_RUN_LIMITS,
  DEFAULT_MAX_ANNOTATIONS,
  type CheckAnnotation,
  type CheckAnnotationLevel,
  type CheckConclusion,
  type CheckRunRequest,
  type CheckRunOutcome,
  type RequestClient,
} from './publish-check-run'
export { renderLeftOutAnnotations } from './left-out-annotations'
