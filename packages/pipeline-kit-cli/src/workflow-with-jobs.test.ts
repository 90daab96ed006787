import { expect, it } from 'vitest'
import { loadWorkflow } from '@pipeline-kit/workflow-runner'
import { workflowWithJobs } from './workflow-with-jobs'

const block = `on: push
jobs:
  # the first job
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo a
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo b
  c:
    runs-on: ubuntu-latest
    steps:
      - run: echo c
`

it('blanks the other jobs, keeping every line and column of the jobs kept', async () => {
  const text = workflowWithJobs(block, new Set(['a', 'b']))
  expect(text.split('\n')).toHaveLength(block.split('\n').length)
  const lines = text.split('\n')
  expect(lines.slice(0, 12)).toEqual(block.split('\n').slice(0, 12))
  expect(lines.slice(12).every((line) => line.trim() === '')).toBe(true)
  const plan = await loadWorkflow('ci.yml', text)
  expect(plan.jobs.map((j) => j.id)).toEqual(['a', 'b'])
  expect(plan.jobs[1]!.steps[0]!.line).toBe(12)
})

it('re-serialises a flow mapping of jobs', async () => {
  const flow =
    'on: push\njobs: { a: { runs-on: x, steps: [{ run: "true" }] }, b: { runs-on: x, steps: [{ run: "true" }] } }\n'
  const plan = await loadWorkflow('ci.yml', workflowWithJobs(flow, new Set(['b'])))
  expect(plan.jobs.map((j) => j.id)).toEqual(['b'])
})

it('leaves the text alone when every job is kept', () => {
  expect(workflowWithJobs(block, new Set(['a', 'b', 'c']))).toBe(block)
})
