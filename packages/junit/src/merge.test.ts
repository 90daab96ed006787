import { describe, expect, it } from 'vitest'
import { mergeReports, statusOf, TestAccumulator } from './merge'
import { parseJUnitString } from './parse-junit'

const shard = (name: string, cases: string) =>
  parseJUnitString(`<testsuites><testsuite name="api">${cases}</testsuite></testsuites>`, name)

describe('mergeReports', () => {
  it('sums shards and reports a test that failed in one report and passed in a later one as flaky', () => {
    const results = mergeReports([
      shard(
        'shard-1.xml',
        '<testcase name="a" time="1"><failure message="x"/></testcase><testcase name="b" time="2"/>',
      ),
      shard('shard-2.xml', '<testcase name="a" time="1"/><testcase name="c"><skipped/></testcase>'),
    ])
    expect(results.totals).toEqual({
      tests: 3,
      passed: 1,
      failed: 0,
      errored: 0,
      skipped: 1,
      flaky: 1,
      runs: 4,
      durationMs: 4000,
    })
    expect(results.tests[0]).toMatchObject({ name: 'a', status: 'flaky', report: 'shard-1.xml' })
    expect(results.reports.map((r) => r.file)).toEqual(['shard-1.xml', 'shard-2.xml'])
  })

  it('keeps a failure in a later shard after a pass: it is never hidden as flaky', () => {
    const results = mergeReports([
      shard('shard-1.xml', '<testcase name="a"/>'),
      shard('shard-2.xml', '<testcase name="a"><failure/></testcase>'),
    ])
    expect(results.totals).toMatchObject({ tests: 2, passed: 1, failed: 1, flaky: 0 })
  })

  it('a test whose every attempt failed stays failed (errored when the last attempt errored)', () => {
    const results = mergeReports([
      shard('1.xml', '<testcase name="a"><failure/></testcase>'),
      shard('2.xml', '<testcase name="a"><error/></testcase>'),
    ])
    expect(results.tests.map((t) => [t.status, t.runs.length])).toEqual([['errored', 2]])
  })
})

describe('statusOf', () => {
  const runs = (...outcomes: ('passed' | 'failed' | 'errored' | 'skipped')[]) => ({
    runs: outcomes.map((outcome) => ({ outcome, durationMs: 0, problems: [] })),
  })
  it.each([
    [['passed'], 'passed'],
    [['skipped'], 'skipped'],
    [['skipped', 'passed'], 'passed'],
    [['failed', 'passed'], 'flaky'],
    [['errored', 'failed'], 'failed'],
    [['failed', 'errored'], 'errored'],
    [['failed', 'skipped'], 'failed'],
  ] as const)('%j → %s', (outcomes, status) => expect(statusOf(runs(...outcomes))).toBe(status))
})

describe('TestAccumulator with a sink', () => {
  it('hands passing and skipped tests to the sink, keeps failing and flaky ones, and counts all', () => {
    const sunk: string[] = []
    const accumulator = new TestAccumulator((t) => sunk.push(`${t.name}:${t.status}`), 2)
    const reports = [
      parseJUnitString(
        '<testsuite name="s"><testcase name="a" time="1"><failure/></testcase><testcase name="b" time="5"/><testcase name="c"><skipped/></testcase></testsuite>',
        '1.xml',
        { accumulator },
      ),
      parseJUnitString(
        '<testsuite name="s"><testcase name="a" time="1"/><testcase name="d" time="3"><error/></testcase><testcase name="b" time="2"/></testsuite>',
        '2.xml',
        { accumulator },
      ),
    ]
    expect(reports.map((r) => r.tests)).toEqual([[], []])
    const results = accumulator.results(reports)
    expect(sunk).toEqual(['b:passed', 'c:skipped', 'b:passed'])
    expect(results.tests.map((t) => `${t.name}:${t.status}`)).toEqual(['a:flaky', 'd:errored'])
    expect(results.totals).toEqual({
      tests: 5,
      passed: 2,
      failed: 0,
      errored: 1,
      skipped: 1,
      flaky: 1,
      runs: 6,
      durationMs: 12000,
    })
    expect(results.slowest!.map((t) => `${t.name}:${t.durationMs}`)).toEqual(['b:5000', 'd:3000'])
  })
})
