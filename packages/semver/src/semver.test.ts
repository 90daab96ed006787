import { describe, expect, it } from 'vitest'
import { compareSemver, formatSemver, parseSemver, type SemVer } from './index'

const v = (text: string): SemVer => parseSemver(text)!

describe('parseSemver', () => {
  it('splits a strict version with an optional v into its parts', () => {
    expect(parseSemver('v2.0.0-rc.1+build.5')).toEqual({
      major: 2,
      minor: 0,
      patch: 0,
      prerelease: ['rc', '1'],
      build: ['build', '5'],
    })
    expect(parseSemver('1.4.0')).toEqual({ major: 1, minor: 4, patch: 0, prerelease: [], build: [] })
  })

  it('refuses loose forms, spaces and numbers beyond the safe range', () => {
    for (const bad of ['1.4', '=1.2.3', 'V1.2.3', ' 1.2.3', '1.2.3 ', '01.2.3', '99999999999999999999.0.0'])
      expect(parseSemver(bad), bad).toBeUndefined()
  })
})

describe('formatSemver and compareSemver', () => {
  it('formats with or without build metadata, and orders by precedence ignoring it', () => {
    expect(formatSemver(v('v1.0.0-alpha.1+b.2'))).toBe('1.0.0-alpha.1+b.2')
    expect(formatSemver(v('v1.0.0-alpha.1+b.2'), { build: false })).toBe('1.0.0-alpha.1')
    expect(compareSemver(v('1.0.0-rc.2'), v('1.0.0-rc.10'))).toBeLessThan(0)
    expect(compareSemver(v('1.0.0'), v('1.0.0-rc.1'))).toBeGreaterThan(0)
    expect(compareSemver(v('1.0.0+a'), v('1.0.0+b'))).toBe(0)
  })
})
