import { parseSemver as parseStrictSemver } from '@pipeline-kit/semver'

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

/** Parses a strict semantic version (an optional leading v or V); undefined when it is not one. */
export function parseSemver(text: string): SemVer | undefined {
  const raw = text.trim()
  const parsed = parseStrictSemver(raw.startsWith('V') ? `v${raw.slice(1)}` : raw)
  if (!parsed) return undefined
  return {
    major: parsed.major,
    minor: parsed.minor,
    patch: parsed.patch,
    prerelease: parsed.prerelease.join('.'),
    build: parsed.build.join('.'),
    raw,
  }
}

/** major.minor.patch[-prerelease], without build metadata (a '+' is not allowed in a tag). */
export function formatSemver(version: SemVer): string {
  const core = `${version.major}.${version.minor}.${version.patch}`
  return version.prerelease ? `${core}-${version.prerelease}` : core
}
