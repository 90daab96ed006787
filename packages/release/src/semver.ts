import { UserError } from '@pipeline-kit/common'
import { compareSemver, formatSemver, parseSemver, type SemVer } from '@pipeline-kit/semver'

/** A Semantic Versioning 2.0.0 version. */
export type Version = SemVer

/**
 * Parses a strict SemVer 2.0.0 version with an optional leading `v` (`v1.4.0`, `2.0.0-rc.1`).
 * Returns undefined for anything else: no leading zeros, no missing parts, no `v1.4`.
 */
export function parseVersion(text: string): Version | undefined {
  return parseSemver(text)
}

/** `1.4.0-rc.1` (no `v`, build metadata kept). */
export function formatVersion(version: Version): string {
  return formatSemver(version)
}

/** The release tag of a version: `v1.4.0`. */
export function versionTag(version: Version): string {
  return `v${formatVersion(version)}`
}

/** True for a version with a pre-release part (`2.0.0-rc.1`). */
export function isPrerelease(version: Version): boolean {
  return version.prerelease.length > 0
}

/** SemVer precedence: negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  return compareSemver(a, b)
}

/** The highest of the versions, or undefined for none. */
export function maxVersion(versions: Iterable<Version>): Version | undefined {
  let best: Version | undefined
  for (const v of versions) if (!best || compareVersions(v, best) > 0) best = v
  return best
}

/**
 * The version a release is for: the `version` input when given, else the pushed tag
 * (`refs/tags/v1.4.0`). Build metadata is refused: two tags differing only in it would
 * have the same precedence.
 */
export function resolveReleaseVersion(input: string | undefined, ref: string): Version {
  let version: Version | undefined
  if (input) {
    version = parseVersion(input)
    if (!version) {
      throw new UserError(
        `Input 'version' has invalid value '${input}': expected a semantic version such as 1.4.0, v1.4.0 or 2.0.0-rc.1`,
      )
    }
  } else {
    const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined
    version = tag ? parseVersion(tag) : undefined
    if (!version) {
      throw new UserError(
        `Input 'version' is empty and this run was not started by a version tag (GITHUB_REF is '${ref}'): ` +
          `give 'version: 1.4.0', or push a tag such as v1.4.0`,
      )
    }
  }
  if (version.build.length) {
    throw new UserError(
      `Version ${formatVersion(version)} has build metadata (+${version.build.join('.')}): releases cannot use it, because versions that differ only in build metadata are equal`,
    )
  }
  return version
}
