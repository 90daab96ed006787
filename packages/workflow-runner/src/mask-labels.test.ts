import { expect, it } from 'vitest'
import { renderRunReport } from './report'
import { run } from './run-workflow.test-helper'
import type { Reporter } from './types'

it('masks secrets and ::add-mask:: values in step names, reasons, lines and the report, where they are made', async () => {
  const seen: string[] = []
  const reporter: Reporter = {
    jobStarted: (job) => seen.push(job.name),
    stepStarted: (job, step) => seen.push(job.name, step.name),
    stepOutput: (line) => seen.push(line),
    stepFinished: (_job, step) => seen.push(step.name, step.detail ?? '', ...step.logTail),
    jobFinished: (job) => seen.push(job.name, job.reason ?? '', ...job.steps.map((s) => s.name)),
  }
  const result = await run(
    `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      # Named: its own script holds the value before it is a mask (GitHub shows that title too).
      - name: register a mask
        run: echo "::add-mask::added-value"
      - run: echo added-value \${{ secrets.TOKEN }} && exit 1
      - name: cleanup \${{ secrets.TOKEN }}
        if: always()
        run: echo done
`,
    { secrets: { TOKEN: 'hunter2', SHORT: 'hunt' }, reporter },
  )
  const [, failing, cleanup] = result.jobs[0]!.steps
  expect(failing!.name).toBe('Run echo *** *** && exit 1')
  expect(cleanup!.name).toBe('cleanup ***')
  expect(result.jobs[0]!.reason).toBe("step 'Run echo *** *** && exit 1' failed: exit code 1 (*** ***)")
  const report = renderRunReport(result)
  expect(report).toContain('Run echo *** *** && exit 1')
  for (const text of [report, ...seen]) {
    expect(text).not.toContain('hunt')
    expect(text).not.toContain('added-value')
  }
})
