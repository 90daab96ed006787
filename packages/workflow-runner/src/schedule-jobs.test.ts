import { describe, expect, it } from 'vitest'
import { jobResults, run } from './run-workflow.test-helper'

describe('job selection', () => {
  it('runs the jobs given in `jobs` and what they need, nothing else', async () => {
    const result = await run(
      [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    outputs: { v: "${{ steps.b.outputs.v }}" }',
        '    steps:',
        '      - id: b',
        '        run: echo "v=1" >> "$GITHUB_OUTPUT"',
        '  lint: { runs-on: ubuntu-latest, steps: [{ run: "true" }] }',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    needs: build',
        '    steps:',
        '      - run: test "${{ needs.build.outputs.v }}" = 1',
        '  deploy: { runs-on: ubuntu-latest, needs: [test, lint], steps: [{ run: "true" }] }',
      ].join('\n'),
      { jobs: ['test'] },
    )
    expect(jobResults(result)).toEqual({ build: 'success', test: 'success' })
  })

  it('refuses an unknown job, naming the jobs there are', async () => {
    await expect(
      run('on: push\njobs:\n  a: { runs-on: ubuntu-latest, steps: [{ run: "true" }] }\n', { jobs: ['b'] }),
    ).rejects.toThrow("has no job 'b' (jobs: a)")
  })
})
