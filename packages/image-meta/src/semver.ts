/** A semantic version read from a git tag such as v1.2.3 or 2.0.0-rc.1+build.5. */
export interface SemVer {
  readonly major: number
  readonly minor: number
  readonly patch: number
  readonly prerelease: string
  readonly build: string
  /** The text as written, including a leading v. */
  readonly raw: string
}

const SEMVER =
  /^[vV]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/

/** Parses a strict semantic version (an optional leading v); undefined when it is not one. */
export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim())
  if (!m) return undefined
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ?? '',
    build: m[5] ?? '',
    raw: text.trim(),
  }
}

/** major.minor.patch[-prerelease], without build metadata (a '+' is not allowed in a tag). */
export function formatSemver(version: SemVer): string {
  const core = `${version.major}.${version.minor}.${version.patch}`
  return version.prerelease ? `${core}-${version.prerelease}` : core
}
