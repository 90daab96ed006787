export {
  startDeployment,
  resumeDeployment,
  untrackedDeployment,
  markEarlierInactive,
  type DeploymentRequest,
  type DeploymentTracker,
  type DeploymentEvent,
  type FinalState,
  type TrackingOptions,
} from './deployment'
export { fitDescription, MAX_STATUS_DESCRIPTION, type GitHubRequester } from './github-requester'
export { createPrivateDir } from './private-dir'
export type { RollbackJournal } from './rollback-journal'
export { Timeline, renderTimeline, describeStep, type TimelineEntry, type StepOutcome } from './timeline'
export { renderDeploySummary, renderDeploymentsApiSection, type DeploySummary } from './summary'
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
