export {
  deploySshRelease,
  rollbackSshRelease,
  SshDeployError,
  type SshDeployOptions,
  type SshRollbackOptions,
  type SshDeps,
  type SshDeployResult,
  type TransferMethod,
} from './deploy-release'
export { recoverSshRelease, type SshPending } from './undo-switch'
export {
  openSshSession,
  validateKnownHosts,
  validateTarget,
  renderSshClientConfig,
  explainSshFailure,
  type SshTarget,
  type SshSession,
} from './ssh-session'
export {
  defaultReleaseId,
  validateReleaseId,
  parseHostState,
  previousRelease,
  releasesToPrune,
  type HostState,
} from './release'
export { shellQuote, shellJoin } from './shell-quote'
export {
  parseSshInputs,
  SSH_INPUT_NAMES,
  SSH_INPUT_DEFAULTS,
  type SshInputReader,
  type SshPlan,
} from './ssh-inputs'
