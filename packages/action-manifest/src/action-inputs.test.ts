import { describe, expect, it } from 'vitest'
import { actionInputEnv, inputEnvName } from './action-inputs'

describe('actionInputEnv', () => {
  it('passes given inputs, fills declared ones with their evaluated defaults, as the runner names them', () => {
    const env = actionInputEnv(
      { 'github-token': { default: '${{ github.token }}' }, Mode: { default: 'fast' }, empty: {} },
      { mode: 'slow', 'extra input': 'x' },
      (text) => text.replace('${{ github.token }}', 'tok'),
    )
    expect(env).toEqual({
      'INPUT_GITHUB-TOKEN': 'tok',
      INPUT_EMPTY: '',
      INPUT_MODE: 'slow',
      INPUT_EXTRA_INPUT: 'x',
    })
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT')
  })
})
