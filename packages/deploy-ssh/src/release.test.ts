import { describe, expect, it } from 'vitest'
import {
  defaultReleaseId,
  parseHostState,
  previousRelease,
  releasesToPrune,
  validateReleaseId,
} from './release'

describe('release ids', () => {
  it('builds a sortable default from the time and the commit', () => {
    expect(
      defaultReleaseId('0123456789abcdef0123456789abcdef01234567', new Date('2026-11-23T08:15:02.345Z')),
    ).toBe('20261123T081502Z-0123456')
    expect(defaultReleaseId('', new Date('2026-01-02T03:04:05Z'))).toBe('20260102T030405Z-manual')
  })

  it('accepts directory-safe ids and names the input otherwise', () => {
    expect(validateReleaseId('v1.2.3_rc-1')).toBe('v1.2.3_rc-1')
    for (const bad of ['../x', '.hidden', 'a/b', 'a b', '', 'a..b']) {
      expect(() => validateReleaseId(bad)).toThrow(`Input release-id has invalid value '${bad}'`)
    }
  })
})

describe('host state', () => {
  const state = parseHostState(
    [
      'pk:current=r3',
      'pk:history=r1',
      'pk:history=r2',
      'pk:history=r3',
      'pk:release=r1',
      'pk:release=r3',
      'pk:rsync',
      'noise',
    ].join('\n'),
  )

  it('parses the prepare script output', () => {
    expect(state).toEqual({
      current: 'r3',
      history: ['r1', 'r2', 'r3'],
      releases: ['r1', 'r3'],
      hasRsync: true,
      exists: false,
    })
    expect(parseHostState('pk:exists\n').exists).toBe(true)
  })

  it('finds the previous live release that still exists', () => {
    expect(previousRelease(state)).toBe('r1') // r2 was pruned
    expect(previousRelease({ ...state, current: 'r1' })).toBeUndefined()
    expect(previousRelease({ ...state, current: undefined, history: [] })).toBeUndefined()
  })

  it('prunes beyond keep by history, never current or protected, and removes failed uploads', () => {
    expect(releasesToPrune(['r1', 'r2', 'r3', 'r4'], ['r1', 'r2', 'r3', 'r4', 'half'], 2, ['r4'])).toEqual([
      'r1',
      'r2',
      'half',
    ])
    expect(releasesToPrune(['r1', 'r2', 'r3'], ['r1', 'r2', 'r3'], 1, ['r3', 'r2'])).toEqual(['r1'])
    expect(releasesToPrune(['r1'], ['r1', '.x', 'a..b'], 5, [])).toEqual([])
  })
})
