import { UserError } from '@pipeline-kit/common'

/** A Semantic Versioning 2.0.0 version. */
export interface Version {
  readonly major: number
  readonly minor: number
  readonly patch: number
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a stable version. */
  readonly prerelease: readonly string[]
  /** Build metadata identifiers; ignored for precedence. */
  readonly build: readonly string[]
}

const IDENT = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)'
const SEMVER = new RegExp(
  `^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)` +
    `(?:-(${IDENT}(?:\\.${IDENT})*))?` +
    `(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
)

/**
 * Parses a strict SemVer 2.0.0 version with an optional leading `v` (`v1.4.0`, `2.0.0-rc.1`).
 * Returns undefined for anything else: no leading zeros, no missing parts, no `v1.4`.
 */
export function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text.startsWith('v') ? text.slice(1) : text)
  if (!match) return undefined
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number]
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined
  return {
    major,
    minor,
    patch,
    prerelease: match[4] ? match[4].split('.') : [],
    build: match[5] ? match[5].split('.') : [],
  }
}

/** `1.4.0-rc.1` (no `v`, build metadata kept). */
export function formatVersion(version: Version): string {
  const core = `${version.major}.${version.minor}.${version.patch}`
  const pre = version.prerelease.length ? `-${version.prerelease.join('.')}` : ''
  const build = version.build.length ? `+${version.build.join('.')}` : ''
  return core + pre + build
}

/** The release tag of a version: `v1.4.0`. */
export function versionTag(version: Version): string {
  return `v${formatVersion(version)}`
}

/** True for a version with a pre-release part (`2.0.0-rc.1`). */
export function isPrerelease(version: Version): boolean {
  return version.prerelease.length > 0
}

/**
 * SemVer precedence: negative when a < b, 0 when equal (build metadata ignored), positive
 * when a > b. A pre-release sorts before its release; numeric identifiers before alphanumeric.
 */
export function compareVersions(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1
  }
  const pa = a.prerelease
  const pb = b.prerelease
  if (pa.length === 0 && pb.length === 0) return 0
  if (pa.length === 0) return 1
  if (pb.length === 0) return -1
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (x === y) continue
    const xNum = /^\d+$/.test(x)
    const yNum = /^\d+$/.test(y)
    if (xNum && yNum) return BigInt(x) < BigInt(y) ? -1 : 1
    if (xNum !== yNum) return xNum ? -1 : 1
    return x < y ? -1 : 1
  }
  return 0
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
