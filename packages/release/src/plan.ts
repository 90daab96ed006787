import { compareVersions, formatVersion, isPrerelease, maxVersion, versionTag, type Version } from './semver'

/** One change a release makes, in the order it is made. */
export type ReleaseStep =
  | { readonly kind: 'create-tag'; readonly tag: string; readonly commit: string; readonly message: string }
  | { readonly kind: 'push-tag'; readonly tag: string; readonly remote: string }
  | {
      readonly kind: 'create-release'
      readonly tag: string
      readonly name: string
      readonly prerelease: boolean
      readonly makeLatest: boolean
    }
  | {
      readonly kind: 'move-floating-tags'
      readonly tags: readonly string[]
      readonly commit: string
      readonly remote: string
    }

export interface ReleasePlan {
  readonly version: Version
  readonly tag: string
  readonly commit: string
  readonly prerelease: boolean
  /** `vX` when this release moves it; undefined for prereleases and older lines. */
  readonly majorTag?: string
  /** `vX.Y` when this release moves it. */
  readonly minorTag?: string
  /** Why a floating tag stays where it is (prerelease, a newer release exists). */
  readonly floatingNotes: readonly string[]
  readonly steps: readonly ReleaseStep[]
}

export interface PlanInput {
  readonly version: Version
  readonly commit: string
  /** Every version already tagged or released, not including this one. */
  readonly knownVersions: readonly Version[]
  /** The annotated tag exists locally at the commit already (the run was started by it). */
  readonly tagCreated: boolean
  /** The tag is on the remote already (pushed to start the run). */
  readonly tagPushed: boolean
  readonly remote: string
}

/**
 * The steps of a release: create and push the annotated tag (unless it was pushed to start
 * the run), create the GitHub Release, then move `vX.Y` and `vX` to the release commit.
 * Floating tags never move for a prerelease and never move backwards: `vX` moves only when
 * this is the highest stable version of major X, `vX.Y` only when it is the highest of X.Y.
 * The release is marked latest only when it is the highest stable version overall.
 */
export function planRelease(input: PlanInput): ReleasePlan {
  const { version, commit, remote } = input
  const tag = versionTag(version)
  const prerelease = isPrerelease(version)
  const stable = input.knownVersions.filter((v) => !isPrerelease(v))
  const isHighest = (pool: readonly Version[]) => {
    const top = maxVersion(pool)
    return !top || compareVersions(version, top) > 0
  }
  const floatingNotes: string[] = []
  let majorTag: string | undefined
  let minorTag: string | undefined
  if (prerelease) {
    floatingNotes.push(
      `v${version.major} and v${version.major}.${version.minor} stay: ${tag} is a prerelease`,
    )
  } else {
    const sameMinor = stable.filter((v) => v.major === version.major && v.minor === version.minor)
    const sameMajor = stable.filter((v) => v.major === version.major)
    if (isHighest(sameMinor)) minorTag = `v${version.major}.${version.minor}`
    else
      floatingNotes.push(
        `v${version.major}.${version.minor} stays: v${formatVersion(maxVersion(sameMinor)!)} is newer`,
      )
    if (isHighest(sameMajor)) majorTag = `v${version.major}`
    else floatingNotes.push(`v${version.major} stays: v${formatVersion(maxVersion(sameMajor)!)} is newer`)
  }
  const steps: ReleaseStep[] = []
  if (!input.tagCreated) steps.push({ kind: 'create-tag', tag, commit, message: `Release ${tag}` })
  if (!input.tagPushed) steps.push({ kind: 'push-tag', tag, remote })
  steps.push({
    kind: 'create-release',
    tag,
    name: tag,
    prerelease,
    makeLatest: !prerelease && isHighest(stable),
  })
  const floating = [minorTag, majorTag].filter((t): t is string => Boolean(t))
  if (floating.length) steps.push({ kind: 'move-floating-tags', tags: floating, commit, remote })
  return { version, tag, commit, prerelease, majorTag, minorTag, floatingNotes, steps }
}

/** One line per step, as the log and a dry run show it. */
export function describeStep(step: ReleaseStep): string {
  const short = (sha: string) => sha.slice(0, 12)
  switch (step.kind) {
    case 'create-tag':
      return `create annotated tag ${step.tag} at ${short(step.commit)} ("${step.message}")`
    case 'push-tag':
      return `push tag ${step.tag} to ${step.remote}`
    case 'create-release':
      return `create GitHub Release ${step.name}${step.prerelease ? ' (prerelease)' : ''}${step.makeLatest ? ', marked latest' : ''}`
    case 'move-floating-tags':
      return `move ${step.tags.join(' and ')} to ${short(step.commit)} (git push --force to ${step.remote})`
  }
}

/** The plan as numbered lines, with the floating-tag decisions. */
export function renderPlan(plan: ReleasePlan, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'Dry run: would release' : 'Releasing'} ${plan.tag} at ${plan.commit}`,
    ...plan.steps.map((step, i) => `  ${i + 1}. ${dryRun ? 'would ' : ''}${describeStep(step)}`),
    ...plan.floatingNotes.map((note) => `  - ${note}`),
  ]
  return lines.join('\n')
}
