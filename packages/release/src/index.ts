export {
  parseVersion,
  formatVersion,
  versionTag,
  isPrerelease,
  compareVersions,
  maxVersion,
  resolveReleaseVersion,
  type Version,
} from './semver'
export {
  parseConventionalCommit,
  followsConventionalCommits,
  renderReleaseNotes,
  listContributors,
  findChangelogSection,
  RELEASE_BODY_MAX_CHARS,
  type CommitInfo,
  type ConventionalCommit,
  type ReleaseNotesInput,
} from './notes'
export {
  planRelease,
  describeStep,
  renderPlan,
  type ReleasePlan,
  type ReleaseStep,
  type PlanInput,
} from './plan'
export { findRefusals, formatRefusals, type ReleaseFacts } from './checks'
export { splitCommandLine } from '@pipeline-kit/common'
export { checkDist, type DistCheckOptions } from './dist-check'
export {
  createRelease,
  getDefaultBranch,
  listReleases,
  type GitHubRequest,
  type RepoRef,
  type ReleaseInfo,
} from './github'
export {
  runRelease,
  findPreviousTag,
  matchBranch,
  type ReleaseOptions,
  type ReleaseDeps,
  type ReleaseResult,
} from './release'
export { tokenAuthorization, remoteAuthEnv } from './git'
export { renderReleaseSummary } from './summary'
