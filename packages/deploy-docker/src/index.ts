export {
  deployDockerContainer,
  rollbackDockerContainer,
  DockerDeployError,
  type DockerDeps,
  type DockerDeployResult,
} from './deploy-container'
export { recoverDockerContainer } from './recover-container'
export { undoReplacement, type DockerPending } from './undo-replacement'
export { renderContainerSection } from './summary'
export type { DockerDeployOptions, DockerRollbackOptions, SwitchStrategy } from './options'
export { buildRunArgs, renderEnvFile, validateContainerName, LABELS } from './run-args'
export { waitHealthy, ensureImage } from './container-readiness'
export {
  parseDockerInputs,
  DOCKER_INPUT_NAMES,
  DOCKER_INPUT_DEFAULTS,
  type DockerInputReader,
  type DockerPlan,
} from './docker-inputs'
