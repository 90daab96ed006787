import { describe, expect, it } from 'vitest'
import { findRefusals, formatRefusals, type ReleaseFacts } from './checks'
import { parseVersion } from './semver'

const commit = 'abcdef0123456789abcdef0123456789abcdef01'
const ok: ReleaseFacts = {
  version: parseVersion('1.4.0')!,
  tag: 'v1.4.0',
  commit,
  startedByTag: false,
  remote: 'origin',
  releaseExists: false,
  latestSameMajor: { version: parseVersion('1.3.2')!, source: 'release' },
  allowOlder: false,
  allowedBranches: ['main'],
  containingBranches: ['main'],
}

describe('findRefusals', () => {
  it('lets a good release through', () => {
    expect(findRefusals(ok)).toEqual([])
    expect(findRefusals({ ...ok, latestSameMajor: undefined })).toEqual([])
  })

  it('refuses an existing tag, locally or on the remote', () => {
    expect(findRefusals({ ...ok, localTagCommit: commit, remoteTagCommit: '1111111111112222' })).toEqual([
      'Tag v1.4.0 already exists locally (at abcdef012345): choose a new version; a released version is never re-tagged',
      'Tag v1.4.0 already exists on origin (at 111111111111): choose a new version; a released version is never re-tagged',
    ])
  })

  it('refuses a version not above the latest of its major, unless allow-older', () => {
    const lower = { ...ok, version: parseVersion('1.3.0')! }
    expect(findRefusals(lower)).toEqual([
      "Version 1.3.0 is not greater than v1.3.2, the latest release of major 1: release a higher version, or set 'allow-older: true' to release a fix for an older line",
    ])
    expect(findRefusals({ ...lower, allowOlder: true })).toEqual([])
    expect(findRefusals({ ...ok, version: parseVersion('1.3.2')! })).toHaveLength(1)
  })

  it('refuses a commit that is not on a release branch, and stale bundles, all at once', () => {
    const refusals = findRefusals({
      ...ok,
      allowedBranches: ['main', 'releases/v*'],
      containingBranches: [],
      distProblem: "The committed bundles are out of date: 'npm run build' changed dist/index.js",
    })
    expect(refusals).toEqual([
      "The committed bundles are out of date: 'npm run build' changed dist/index.js",
      "Commit abcdef012345 is not on any release branch (main, releases/v*) of origin: release only commits that are merged there (or add the branch to 'release-branches')",
    ])
    expect(formatRefusals('v1.4.0', refusals)).toBe(
      `Refusing to release v1.4.0 (2 problems; nothing was tagged, pushed or released):\n- ${refusals[0]}\n- ${refusals[1]}`,
    )
    expect(formatRefusals('v1.4.0', [refusals[1]!])).toBe(
      `Refusing to release v1.4.0: ${refusals[1]}. Nothing was tagged, pushed or released.`,
    )
  })

  it('accepts the tag that started the run only where it points at the release commit', () => {
    const byTag = { ...ok, startedByTag: true, localTagCommit: commit, remoteTagCommit: commit }
    expect(findRefusals(byTag)).toEqual([])
    expect(findRefusals({ ...byTag, remoteTagCommit: '9999999999999999' })).toEqual([
      'Tag v1.4.0 on origin points at 999999999999, but the release commit is abcdef012345: check out the tag (actions/checkout does so for a tag push) and run again',
    ])
    expect(findRefusals({ ...byTag, releaseExists: true })).toEqual([
      'v1.4.0 is already released on GitHub: a released version is never released again',
    ])
  })
})
