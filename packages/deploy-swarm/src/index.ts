export { deploySwarmService } from './deploy-service'
export { deploySwarmStack } from './deploy-stack'
export { rollbackSwarm } from './rollback'
export {
  SwarmDeployError,
  type SwarmDeps,
  type SwarmDeployResult,
  type ServiceReport,
  type VerifyTarget,
  type VerifyOutcome,
} from './deploy-context'
export {
  DEFAULT_ROLLING_UPDATE,
  DEFAULT_CONVERGENCE_TIMEOUT_MS,
  validateSwarmName,
  validateImageReference,
  resolveRollingUpdate,
  validateHealthCheck,
  type RollingUpdateSettings,
  type HealthCheckSettings,
  type SwarmConnection,
  type SwarmServiceOptions,
  type SwarmStackOptions,
  type SwarmRollbackOptions,
  type FailureAction,
  type UpdateOrder,
} from './options'
export { connectDockerStep } from './connect-step'
export {
  parseEngineConnection,
  parseHealthCheckInputs,
  ENGINE_INPUT_NAMES,
  HEALTH_CHECK_INPUT_NAMES,
} from './engine-inputs'
export { assertSwarmManager } from './swarm-state'
export { renderSwarmTimeline, type TimelineEntry } from './timeline'
export { renderSwarmSummary, renderSwarmServicesSection } from './summary'
export {
  parseSwarmInputs,
  runSwarmPlan,
  SWARM_INPUT_NAMES,
  SWARM_INPUT_DEFAULTS,
  type SwarmInputReader,
  type SwarmPlan,
} from './swarm-inputs'
