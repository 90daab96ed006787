import { describe, expect, it } from 'vitest'
import { findPreviousTag, matchBranch } from './release'
import { parseVersion } from './semver'

const tags = ['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v1.2.0-rc.2', 'v2.0.0'].map((name) => ({
  name,
  version: parseVersion(name)!,
}))

describe('findPreviousTag', () => {
  it('starts stable notes at the previous stable release, prerelease notes at any lower tag', () => {
    expect(findPreviousTag(parseVersion('1.2.0')!, tags)?.name).toBe('v1.1.0')
    expect(findPreviousTag(parseVersion('1.2.0-rc.3')!, tags)?.name).toBe('v1.2.0-rc.2')
    expect(findPreviousTag(parseVersion('1.0.1')!, tags)?.name).toBe('v1.0.0')
    expect(findPreviousTag(parseVersion('0.1.0')!, tags)).toBeUndefined()
  })
})

describe('matchBranch', () => {
  it('matches names exactly and * patterns', () => {
    expect(matchBranch('main', 'main')).toBe(true)
    expect(matchBranch('main', 'main2')).toBe(false)
    expect(matchBranch('releases/v*', 'releases/v1')).toBe(true)
    expect(matchBranch('releases/v*', 'releases/x1')).toBe(false)
    expect(matchBranch('rel.*', 'relx1')).toBe(false)
  })
})
