// The engine connection (ssh:// and its config files) is `@pipeline-kit/docker/connection`,
// so a bundle that only runs local docker commands does not carry the ssh plumbing.
export {
  createDockerRunner,
  DEFAULT_DOCKER_TIMEOUT_MS,
  type DockerCallOptions,
  type DockerResult,
  type DockerRunner,
  type DockerRunnerSettings,
} from './docker-runner'
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
