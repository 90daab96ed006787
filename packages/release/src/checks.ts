import { compareVersions, formatVersion, type Version } from './semver'

/** Everything the release checks look at, gathered before anything is changed. */
export interface ReleaseFacts {
  readonly version: Version
  readonly tag: string
  readonly commit: string
  /** The run was started by pushing this very tag (GITHUB_REF is refs/tags/<tag>). */
  readonly startedByTag: boolean
  /** Commit the local tag points to, if it exists. */
  readonly localTagCommit?: string
  /** Commit the tag points to on the remote, if it exists there. */
  readonly remoteTagCommit?: string
  readonly remote: string
  /** A GitHub Release already exists for the tag. */
  readonly releaseExists: boolean
  /** The highest version of the same major already tagged or released, and where it was seen. */
  readonly latestSameMajor?: { readonly version: Version; readonly source: string }
  readonly allowOlder: boolean
  /** Branches the commit may be released from (names as configured, patterns allowed). */
  readonly allowedBranches: readonly string[]
  /** Allowed branches on the remote that contain the commit. */
  readonly containingBranches: readonly string[]
  /** Undefined when the bundles are current; else what is wrong. */
  readonly distProblem?: string
  /** Undefined when no changelog is used or it has the version's section; else what is wrong. */
  readonly changelogProblem?: string
}

/**
 * Every reason not to release, each a complete sentence saying what was found and what to
 * do. Empty means the release may go ahead. Pure: decides on gathered facts only.
 */
export function findRefusals(facts: ReleaseFacts): string[] {
  const refusals: string[] = []
  const short = (sha: string) => sha.slice(0, 12)
  const { tag, commit } = facts

  if (facts.distProblem) refusals.push(facts.distProblem)

  if (facts.startedByTag) {
    for (const [where, at] of [
      ['locally', facts.localTagCommit],
      [`on ${facts.remote}`, facts.remoteTagCommit],
    ] as const) {
      if (at && at !== commit) {
        refusals.push(
          `Tag ${tag} ${where} points at ${short(at)}, but the release commit is ${short(commit)}: check out the tag (actions/checkout does so for a tag push) and run again`,
        )
      }
    }
    if (facts.releaseExists) {
      refusals.push(`${tag} is already released on GitHub: a released version is never released again`)
    }
  } else {
    if (facts.localTagCommit) {
      refusals.push(
        `Tag ${tag} already exists locally (at ${short(facts.localTagCommit)}): choose a new version; a released version is never re-tagged`,
      )
    }
    if (facts.remoteTagCommit) {
      refusals.push(
        `Tag ${tag} already exists on ${facts.remote} (at ${short(facts.remoteTagCommit)}): choose a new version; a released version is never re-tagged`,
      )
    } else if (facts.releaseExists) {
      refusals.push(`A GitHub Release for ${tag} already exists: choose a new version`)
    }
  }

  const latest = facts.latestSameMajor
  if (latest && !facts.allowOlder && compareVersions(facts.version, latest.version) <= 0) {
    refusals.push(
      `Version ${formatVersion(facts.version)} is not greater than v${formatVersion(latest.version)}, the latest ${latest.source} of major ${facts.version.major}: ` +
        `release a higher version, or set 'allow-older: true' to release a fix for an older line`,
    )
  }

  if (facts.containingBranches.length === 0) {
    refusals.push(
      `Commit ${short(commit)} is not on ${describeBranches(facts.allowedBranches)} of ${facts.remote}: ` +
        `release only commits that are merged there (or add the branch to 'release-branches')`,
    )
  }

  if (facts.changelogProblem) refusals.push(facts.changelogProblem)
  return refusals
}

function describeBranches(branches: readonly string[]): string {
  if (branches.length === 1) return `the release branch ${branches[0]}`
  return `any release branch (${branches.join(', ')})`
}

/** The refusals as one message: a count, then one line each. */
export function formatRefusals(tag: string, refusals: readonly string[]): string {
  if (refusals.length === 1)
    return `Refusing to release ${tag}: ${refusals[0]}. Nothing was tagged, pushed or released.`
  return `Refusing to release ${tag} (${refusals.length} problems; nothing was tagged, pushed or released):\n${refusals.map((r) => `- ${r}`).join('\n')}`
}
