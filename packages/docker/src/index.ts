export {
  createDockerRunner,
  DEFAULT_DOCKER_TIMEOUT_MS,
  type DockerCallOptions,
  type DockerResult,
  type DockerRunner,
  type DockerRunnerSettings,
} from './docker-runner'
export {
  openDockerConnection,
  explainDockerFailure,
  validateKnownHosts,
  type DockerConnection,
  type DockerEngineTarget,
} from './connection'
export {
  inspectContainer,
  parseContainerState,
  containerLogs,
  removeContainer,
  publishedPort,
  type ContainerState,
} from './containers'
export { streamImageSave } from './image-save'
export {
  classifyRegistryFailure,
  retryRegistryOperation,
  describeAttempts,
  REGISTRY_ATTEMPTS,
  type RegistryFailure,
  type RegistryRetryOptions,
  type RegistryOperationResult,
} from './registry-retry'
