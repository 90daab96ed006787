export {
  publishCheckRun,
  CHECK_RUN_LIMITS,
  type CheckAnnotation,
  type CheckAnnotationLevel,
  type CheckConclusion,
  type CheckRunRequest,
  type CheckRunOutcome,
  type RequestClient,
} from './publish-check-run'
