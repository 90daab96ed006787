import { describe, expect, it } from 'vitest'
import { buildEnvironment } from './dist-check'

describe('buildEnvironment', () => {
  it("keeps the step's environment but drops the action's inputs, the token among them", () => {
    expect(
      buildEnvironment({
        PATH: '/usr/bin',
        HOME: '/home/runner',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        INPUT_VERSION: '1.0.0',
        CI: undefined,
      }),
    ).toEqual({ PATH: '/usr/bin', HOME: '/home/runner' })
  })
})
