import { describe, expect, it } from 'vitest'
import { jobStatus, type JobRecord } from './job-status'
import { jobResults, run } from './run-workflow.test-helper'

const job = (result: JobRecord['result'], needs: string[] = []): JobRecord => ({ result, outputs: {}, needs })

describe('jobStatus', () => {
  it('walks the whole needs chain, not only the direct needs', () => {
    const records = new Map([
      ['a', job('failure')],
      ['b', job('success', ['a'])],
      ['s', job('skipped')],
      ['t', job('success', ['s'])],
      ['ok', job('success')],
    ])
    expect(jobStatus(['b'], records)).toMatchObject({ success: false, failure: true, notSucceeded: ['a'] })
    expect(jobStatus(['t'], records)).toMatchObject({ success: false, failure: false, notSucceeded: ['s'] })
    expect(jobStatus(['ok'], records)).toMatchObject({ success: true, failure: false, cancelled: false })
    expect(jobStatus([], records)).toMatchObject({ success: true, failure: false })
  })
})

// The verdicts GitHub gives (docs "jobs.<job_id>.needs" and "Status check functions";
// actions/runner#2205 for a success() below a skipped grand-parent).
describe('job-level status functions across needs chains', () => {
  it('skips a job below a failed grand-parent under success(); failure(), always() and needs.<id>.result see the chain', async () => {
    const result = await run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  b:
    needs: a
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "b ran after \${{ needs.a.result }}"
  c:
    needs: b
    runs-on: ubuntu-latest
    steps:
      - run: echo c
  explicit-success:
    needs: b
    if: success()
    runs-on: ubuntu-latest
    steps:
      - run: echo explicit
  result-success:
    needs: b
    if: needs.b.result == 'success'
    runs-on: ubuntu-latest
    steps:
      - run: echo implicit success
  d:
    needs: c
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo d
  not-failure:
    needs: b
    if: "!failure()"
    runs-on: ubuntu-latest
    steps:
      - run: echo not failure
  f:
    needs: a
    if: always() && needs.a.result == 'failure'
    runs-on: ubuntu-latest
    steps:
      - run: echo f
  g:
    needs: a
    if: cancelled()
    runs-on: ubuntu-latest
    steps:
      - run: echo g
  h:
    needs: c
    if: always() && needs.c.result == 'skipped'
    runs-on: ubuntu-latest
    steps:
      - run: echo h
`)
    expect(jobResults(result)).toEqual({
      a: 'failure',
      b: 'success',
      c: 'skipped',
      'explicit-success': 'skipped',
      'result-success': 'skipped',
      d: 'success',
      'not-failure': 'skipped',
      f: 'success',
      g: 'skipped',
      h: 'success',
    })
    expect(result.jobs.find((j) => j.id === 'c')!.reason).toBe('needs a did not succeed')
    expect(result.success).toBe(false)
  })

  it('skips a job below a skipped grand-parent even when its parent ran with always() and succeeded', async () => {
    const result = await run(`
on: push
jobs:
  skipped:
    if: false
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  parent:
    needs: skipped
    if: always() && needs.skipped.result == 'skipped'
    runs-on: ubuntu-latest
    steps:
      - run: echo parent
  next:
    needs: parent
    runs-on: ubuntu-latest
    steps:
      - run: echo next
  on-failure:
    needs: parent
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo failure
  checked:
    needs: parent
    if: always() && needs.parent.result == 'success'
    runs-on: ubuntu-latest
    steps:
      - run: echo checked
`)
    expect(jobResults(result)).toEqual({
      skipped: 'skipped',
      parent: 'success',
      next: 'skipped',
      'on-failure': 'skipped',
      checked: 'success',
    })
    expect(result.success).toBe(true)
  })
})
