import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConsoleReporter } from './progress'
import { renderRunReport } from './report'
import type { StepResult } from './types'

function sink() {
  const chunks: string[] = []
  return {
    stream: { write: (t: string) => (chunks.push(t), true), isTTY: true } as never,
    text: () => chunks.join(''),
  }
}

const step = (over: Partial<StepResult>): StepResult => ({
  id: 's',
  name: 'Run tests',
  kind: 'run',
  outcome: 'success',
  conclusion: 'success',
  outputs: {},
  durationMs: 2500,
  logTail: [],
  ...over,
})

describe('console reporter', () => {
  afterEach(() => vi.useRealTimers())

  it('redraws the running step with its elapsed time every second on a terminal, then prints its result', () => {
    vi.useFakeTimers()
    let now = 0
    const out = sink()
    const reporter = createConsoleReporter({ stream: out.stream, now: () => now })
    reporter.jobStarted({ id: 'test', name: 'Test (1)' })
    reporter.stepStarted({ name: 'Test (1)' }, { name: 'Run tests' })
    now = 1000
    vi.advanceTimersByTime(1000)
    now = 2000
    vi.advanceTimersByTime(1000)
    reporter.stepFinished(
      { name: 'Test (1)' },
      step({
        outcome: 'failure',
        conclusion: 'failure',
        detail: 'exit code 1',
        logTail: ['AssertionError: 1 !== 2'],
      }),
    )
    expect(out.text()).toBe(
      '● Test (1)\n' +
        '\r\x1b[2K  ▸ Run tests 0ms' +
        '\r\x1b[2K  ▸ Run tests 1.0s' +
        '\r\x1b[2K  ▸ Run tests 2.0s' +
        '\r\x1b[2K' +
        '  ✗ Run tests 2.5s — exit code 1\n' +
        '    │ AssertionError: 1 !== 2\n',
    )
  })

  it('prints start lines instead of redrawing when the output is not a terminal', () => {
    const out = sink()
    const reporter = createConsoleReporter({ stream: out.stream, live: false })
    reporter.stepStarted({ name: 'Lint' }, { name: 'Run lint' })
    reporter.stepFinished({ name: 'Lint' }, step({ name: 'Run lint', durationMs: 300 }))
    expect(out.text()).toBe('  ▸ Run lint …\n  ✓ Run lint 300ms\n')
  })
})

describe('renderRunReport', () => {
  it('lists jobs, steps not run locally, annotations, summaries and the first failure', () => {
    const text = renderRunReport({
      workflow: 'CI',
      success: false,
      durationMs: 61_000,
      jobs: [
        {
          id: 'a',
          name: 'Build',
          result: 'success',
          outputs: {},
          steps: [
            step({
              name: 'actions/cache@x',
              kind: 'not-run-locally',
              outcome: 'skipped',
              conclusion: 'skipped',
            }),
          ],
          durationMs: 1000,
        },
        {
          id: 'b',
          name: 'Test',
          result: 'failure',
          outputs: {},
          steps: [],
          reason: "step 'Run tests' failed: exit code 1",
          durationMs: 2000,
        },
        {
          id: 'c',
          name: 'Deploy',
          result: 'skipped',
          outputs: {},
          steps: [],
          reason: 'needs b did not succeed',
          durationMs: 0,
        },
      ],
      annotations: [
        {
          level: 'error',
          message: 'expected 2',
          file: 'test/a.test.js',
          line: 3,
          col: 7,
          title: 'sum',
          job: 'Test',
          step: 'Run tests',
        },
      ],
      summaries: [{ job: 'Test', step: 'Run tests', markdown: '## Results\n| a | b |\n' }],
      failure: { job: 'Test', reason: "step 'Run tests' failed: exit code 1" },
    })
    expect(text).toContain('══ CI: FAILED in 1m 01s')
    expect(text).toContain('  ○ Deploy')
    expect(text).toContain('  - Build › actions/cache@x')
    expect(text).toContain('  ERROR   [Test › Run tests] test/a.test.js:3:7 sum: expected 2')
    expect(text).toContain('┌ Test › Run tests\n│ ## Results\n│ | a | b |\n└')
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      "✗ Pipeline stopped at job 'Test': step 'Run tests' failed: exit code 1",
    )
  })
})
