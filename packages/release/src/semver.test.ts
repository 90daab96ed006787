import { describe, expect, it } from 'vitest'
import {
  compareVersions,
  formatVersion,
  maxVersion,
  parseVersion,
  resolveReleaseVersion,
  versionTag,
  type Version,
} from './semver'

const v = (text: string): Version => {
  const parsed = parseVersion(text)
  if (!parsed) throw new Error(`test version ${text} does not parse`)
  return parsed
}

describe('parseVersion', () => {
  it('reads strict SemVer 2.0.0 with an optional v', () => {
    expect(parseVersion('1.4.0')).toEqual({ major: 1, minor: 4, patch: 0, prerelease: [], build: [] })
    expect(parseVersion('v2.0.0-rc.1+build.5')).toEqual({
      major: 2,
      minor: 0,
      patch: 0,
      prerelease: ['rc', '1'],
      build: ['build', '5'],
    })
    expect(formatVersion(v('v1.0.0-alpha-1.0x'))).toBe('1.0.0-alpha-1.0x')
    expect(versionTag(v('3.2.1'))).toBe('v3.2.1')
  })

  it('refuses everything that is not strict SemVer', () => {
    for (const bad of [
      '1.4',
      'v1',
      '01.2.3',
      '1.02.3',
      '1.2.03',
      '1.2.3-01',
      '1.2.3-',
      '1.2.3-rc..1',
      '1.2.3+',
      'V1.2.3',
      'vv1.2.3',
      ' 1.2.3',
      '1.2.3 ',
      '1.2.3.4',
      '1.2.3-rc_1',
      '99999999999999999999.0.0',
    ])
      expect(parseVersion(bad), bad).toBeUndefined()
  })
})

describe('compareVersions', () => {
  it('orders by SemVer precedence (the spec example chain)', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ].map(v)
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(compareVersions(chain[i]!, chain[i + 1]!), formatVersion(chain[i]!)).toBeLessThan(0)
      expect(compareVersions(chain[i + 1]!, chain[i]!)).toBeGreaterThan(0)
    }
    expect(compareVersions(v('1.0.0+a'), v('1.0.0+b'))).toBe(0)
    expect(formatVersion(maxVersion([v('1.2.0'), v('1.10.0'), v('1.9.9')])!)).toBe('1.10.0')
    expect(maxVersion([])).toBeUndefined()
  })
})

describe('resolveReleaseVersion', () => {
  it('takes the input, else the pushed tag', () => {
    expect(formatVersion(resolveReleaseVersion('v1.4.0', 'refs/heads/main'))).toBe('1.4.0')
    expect(formatVersion(resolveReleaseVersion(undefined, 'refs/tags/v2.0.0-rc.1'))).toBe('2.0.0-rc.1')
  })

  it('names the input, the value and what is expected', () => {
    expect(() => resolveReleaseVersion('1.4', 'refs/heads/main')).toThrow(
      "Input 'version' has invalid value '1.4': expected a semantic version such as 1.4.0",
    )
    expect(() => resolveReleaseVersion(undefined, 'refs/heads/main')).toThrow(
      "Input 'version' is empty and this run was not started by a version tag (GITHUB_REF is 'refs/heads/main')",
    )
    expect(() => resolveReleaseVersion(undefined, 'refs/tags/latest')).toThrow('not started by a version tag')
    expect(() => resolveReleaseVersion('1.4.0+sha.5', 'refs/heads/main')).toThrow(
      'Version 1.4.0+sha.5 has build metadata (+sha.5)',
    )
  })
})
