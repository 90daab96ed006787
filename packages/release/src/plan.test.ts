import { describe, expect, it } from 'vitest'
import { planRelease, renderPlan } from './plan'
import { parseVersion, type Version } from './semver'

const v = (text: string): Version => parseVersion(text)!
const commit = 'c0ffee0000000000000000000000000000000000'
const plan = (version: string, known: string[], extra: Partial<Parameters<typeof planRelease>[0]> = {}) =>
  planRelease({
    version: v(version),
    commit,
    knownVersions: known.map(v),
    tagCreated: false,
    tagPushed: false,
    remote: 'origin',
    ...extra,
  })

describe('planRelease', () => {
  it('tags, pushes, releases as latest, then moves v1.4 and v1', () => {
    const p = plan('1.4.0', ['1.3.2', '1.4.0-rc.1', '0.9.0'])
    expect(p.steps.map((s) => s.kind)).toEqual([
      'create-tag',
      'push-tag',
      'create-release',
      'move-floating-tags',
    ])
    expect(p.majorTag).toBe('v1')
    expect(p.minorTag).toBe('v1.4')
    expect(p.steps[2]).toMatchObject({ prerelease: false, makeLatest: true })
    expect(p.steps[3]).toEqual({ kind: 'move-floating-tags', tags: ['v1.4', 'v1'], commit, remote: 'origin' })
    expect(renderPlan(p, true)).toBe(
      [
        `Dry run: would release v1.4.0 at ${commit}`,
        '  1. would create annotated tag v1.4.0 at c0ffee000000 ("Release v1.4.0")',
        '  2. would push tag v1.4.0 to origin',
        '  3. would create GitHub Release v1.4.0, marked latest',
        '  4. would move v1.4 and v1 to c0ffee000000 (git push --force to origin)',
      ].join('\n'),
    )
  })

  it('never moves floating tags for a prerelease', () => {
    const p = plan('2.0.0-rc.1', ['1.4.0'])
    expect(p.majorTag).toBeUndefined()
    expect(p.minorTag).toBeUndefined()
    expect(p.steps.map((s) => s.kind)).toEqual(['create-tag', 'push-tag', 'create-release'])
    expect(p.steps[2]).toMatchObject({ prerelease: true, makeLatest: false })
    expect(p.floatingNotes).toEqual(['v2 and v2.0 stay: v2.0.0-rc.1 is a prerelease'])
  })

  it('never moves floating tags backwards for a fix on an older line', () => {
    const p = plan('1.3.3', ['1.3.2', '1.4.0', '2.0.0'])
    expect(p.minorTag).toBe('v1.3')
    expect(p.majorTag).toBeUndefined()
    expect(p.floatingNotes).toEqual(['v1 stays: v1.4.0 is newer'])
    expect(p.steps.find((s) => s.kind === 'create-release')).toMatchObject({ makeLatest: false })
  })

  it('skips creating and pushing a tag that started the run', () => {
    const p = plan('1.5.0', ['1.4.0'], { tagCreated: true, tagPushed: true })
    expect(p.steps.map((s) => s.kind)).toEqual(['create-release', 'move-floating-tags'])
  })
})
