import { describe, expect, it } from 'vitest'
import { Timeline } from './timeline'
import { runVerifyStep } from './verify'

describe('runVerifyStep', () => {
  it('records a passed check with its message, and throws a failed one as a failed step', async () => {
    const timeline = new Timeline(() => 0)
    expect(await runVerifyStep(timeline, async () => ({ ok: true, message: '2 URLs answered' }))).toBe(
      '2 URLs answered',
    )
    await expect(runVerifyStep(timeline, async () => ({ ok: false, message: 'got 502' }))).rejects.toThrow(
      'got 502',
    )
    expect(timeline.entries.map((e) => [e.step, e.outcome, e.detail])).toEqual([
      ['verify', 'ok', '2 URLs answered'],
      ['verify', 'failed', 'got 502'],
    ])
  })
})
