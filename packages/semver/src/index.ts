import { compare, parse } from 'semver'

/** A Semantic Versioning 2.0.0 version, split into its parts. */
export interface SemVer {
  readonly major: number
  readonly minor: number
  readonly patch: number
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a stable version. */
  readonly prerelease: readonly string[]
  /** Build metadata identifiers; ignored for precedence. */
  readonly build: readonly string[]
}

/**
 * Parses a strict SemVer 2.0.0 version with an optional leading `v` (`v1.4.0`, `2.0.0-rc.1+b.5`);
 * undefined for anything else: leading zeros, missing parts, `V1.2.3`, surrounding spaces, or a
 * number beyond Number.MAX_SAFE_INTEGER.
 */
export function parseSemver(text: string): SemVer | undefined {
  // The semver package trims on its own; a strict reader does not.
  if (text !== text.trim()) return undefined
  const parsed = parse(text)
  if (!parsed) return undefined
  return {
    major: parsed.major,
    minor: parsed.minor,
    patch: parsed.patch,
    prerelease: parsed.prerelease.map(String),
    build: [...parsed.build],
  }
}

/** major.minor.patch[-prerelease][+build], without a leading v. */
export function formatSemver(version: SemVer, options: { readonly build?: boolean } = {}): string {
  const core = `${version.major}.${version.minor}.${version.patch}`
  const pre = version.prerelease.length ? `-${version.prerelease.join('.')}` : ''
  const build = options.build !== false && version.build.length ? `+${version.build.join('.')}` : ''
  return core + pre + build
}

/**
 * SemVer precedence: negative when a < b, 0 when equal (build metadata ignored), positive
 * when a > b. A pre-release sorts before its release; numeric identifiers before alphanumeric.
 */
export function compareSemver(a: SemVer, b: SemVer): number {
  return compare(formatSemver(a, { build: false }), formatSemver(b, { build: false }))
}
