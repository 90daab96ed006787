import { expect, it } from 'vitest'
import type { JobResult, Reporter, StepResult } from '@pipeline-kit/workflow-runner'
import { maskReporter, maskText } from './masked-reporter'

it('masks secrets in every name, line, detail and tail it passes on, longest first', () => {
  const seen: unknown[] = []
  const inner: Reporter = {
    jobStarted: (job) => seen.push(job.name),
    jobFinished: (job) => seen.push(job.name, job.reason, job.steps[0]!.name),
    stepStarted: (job, step) => seen.push(job.name, step.name),
    stepOutput: (line) => seen.push(line),
    stepFinished: (_job, step) => seen.push(step.name, step.detail, ...step.logTail),
  }
  const reporter = maskReporter(inner, ['tok', 'tok-en', ''])
  const step: StepResult = {
    id: 's',
    name: 'Run echo tok-en',
    kind: 'run',
    outcome: 'failure',
    conclusion: 'failure',
    outputs: {},
    detail: 'exit 1 after tok',
    durationMs: 1,
    logTail: ['line tok-en', 'tok tok'],
  }
  const job = { id: 'j', name: 'deploy tok' }
  reporter.jobStarted(job)
  reporter.stepStarted(job, step)
  reporter.stepOutput!('printed tok-en')
  reporter.stepFinished(job, step)
  reporter.jobFinished({
    ...job,
    result: 'failure',
    outputs: {},
    steps: [step],
    reason: 'tok',
    durationMs: 1,
  } as JobResult)
  expect(seen).toEqual([
    'deploy ***',
    'deploy ***',
    'Run echo ***',
    'printed ***',
    'Run echo ***',
    'exit 1 after ***',
    'line ***',
    '*** ***',
    'deploy ***',
    '***',
    'Run echo ***',
  ])
  expect(maskText('a tok-en b', ['tok', 'tok-en'])).toBe('a *** b')
})

it('passes the reporter through untouched without secrets', () => {
  const inner: Reporter = { jobStarted() {}, jobFinished() {}, stepStarted() {}, stepFinished() {} }
  expect(maskReporter(inner, [''])).toBe(inner)
})
