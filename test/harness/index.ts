export {
  runActionBundle,
  runActionWithPost,
  removeHarnessFiles,
  readActionMetadata,
  inputEnvName,
  type RunBundleOptions,
  type ActionRun,
  type ActionMetadata,
} from './run-action-bundle'
export {
  parseWorkflowCommands,
  parseFileCommands,
  toAnnotations,
  type WorkflowCommand,
  type ParsedAnnotation,
} from './workflow-commands'
export { repoRoot, node24, actionDir } from './paths'
export { inputNamesRead, declaredInputs, secretInputProblems } from './declared-inputs'
export { expectSecretNowhere } from './expect-secret-nowhere'
