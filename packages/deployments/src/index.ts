export {
  startDeployment,
  untrackedDeployment,
  markEarlierInactive,
  type DeploymentRequest,
  type DeploymentTracker,
  type DeploymentEvent,
  type FinalState,
} from './deployment'
export { fitDescription, MAX_STATUS_DESCRIPTION, type GitHubRequester } from './github-requester'
export { Timeline, renderTimeline, describeStep, type TimelineEntry, type StepOutcome } from './timeline'
export { renderDeploySummary, type DeploySummary } from './summary'
export { runVerifyStep, type VerifyOutcome, type Verify } from './verify'
export { createSmokeVerifier, type SmokeChecks, type SmokeVerifier } from './smoke'
export { validateKnownHosts } from './known-hosts'
export {
  renderSshClientConfig,
  writeSshClientFiles,
  explainHostKeyFailure,
  type SshClientFiles,
} from './ssh-client'
export type { ProviderInputReader } from './input-reader'
export { DeployError, settleDeployment } from './deploy-error'
