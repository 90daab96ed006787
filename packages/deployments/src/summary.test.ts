import { describe, expect, it } from 'vitest'
import { renderDeploySummary } from './summary'
import { describeStep, Timeline } from './timeline'

describe('renderDeploySummary', () => {
  it('renders the verdict, facts, timeline and API statuses', async () => {
    let t = 0
    const timeline = new Timeline(() => t)
    await timeline.step(
      'upload',
      async () => {
        t += 1500
        return 12
      },
      (n) => `${n} files`,
    )
    await timeline
      .step('verify', async () => {
        t += 200
        throw new Error('GET http://x/ status 500\nmore')
      })
      .catch(() => {})
    const text = renderDeploySummary({
      provider: 'ssh',
      environment: 'staging',
      outcome: 'rolled back',
      releaseId: 'r2',
      deploymentId: 12,
      failure: 'Smoke checks failed',
      rollback: 'current points at r1 again',
      steps: timeline.entries,
      deploymentEvents: [{ state: 'failure', detail: 'rolled back' }],
    })
    expect(text).toContain('## Deploy to staging (ssh): ↩️ rolled back')
    expect(text).toContain('**Rolled back:** current points at r1 again')
    expect(text).toContain('| upload | +0ms | 1.5s | ✅ | 12 files |')
    expect(text).toContain('| verify | +1.5s | 200ms | ❌ | GET http://x/ status 500 |')
    expect(text).toContain('| failure | rolled back |')
    expect(timeline.entries.map(describeStep)).toEqual([
      '✅ upload (1.5s): 12 files',
      '❌ verify (200ms): GET http://x/ status 500',
    ])
  })
})
