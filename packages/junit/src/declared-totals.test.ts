// Declared totals larger than the listing, at every level (the root <testsuites> included):
// the tests not listed are counted, with a warning naming the file, position and suite.
import { describe, expect, it } from 'vitest'
import { mergeReports } from './merge'
import { parseJUnitString } from './parse-junit'

const parse = (xml: string) => parseJUnitString(xml, 'reports/junit.xml')
const totalsOf = (xml: string) => mergeReports([parse(xml)]).totals
const cases = (n: number, extra = '') =>
  Array.from({ length: n }, (_, i) => `<testcase classname="c" name="t${i}"${extra}/>`).join('')

describe('declared totals', () => {
  it('counts pending tests a reporter left out of the listing (mocha-junit-reporter) as skipped, at the root', () => {
    // mocha-junit-reporter without includePending: the root counts pending tests in tests and skipped.
    const xml = `<?xml version="1.0"?>\n<testsuites name="Mocha Tests" tests="5" failures="0" skipped="2">\n<testsuite name="api" tests="3" failures="0">${cases(3)}</testsuite>\n</testsuites>`
    const report = parse(xml)
    expect(mergeReports([report]).totals).toMatchObject({ tests: 5, passed: 3, skipped: 2, failed: 0 })
    expect(report.warnings).toEqual([
      "reports/junit.xml:2:66: <testsuites name='Mocha Tests'> declares 5 tests but lists 3; 2 not listed are counted as 2 skipped from the declared totals",
    ])
    const unlisted = report.tests.filter((t) => t.unlisted)
    expect(unlisted.map((t) => [t.name, t.status, t.suite, t.reportLine])).toEqual([
      ['(test 1 of 2 declared by the root <testsuites>, not listed)', 'skipped', [], 2],
      ['(test 2 of 2 declared by the root <testsuites>, not listed)', 'skipped', [], 2],
    ])
    expect(report.elements.testcases).toBe(3)
  })

  it('lets the root classify what a suite only counted: mocha suites declare tests but not skipped', () => {
    // As mocha-junit-reporter writes it by default: the pending test is in the suite's tests,
    // and only the root says it was skipped.
    const xml = [
      '<testsuites name="Mocha Tests" tests="5" failures="1" skipped="1">',
      '<testsuite name="Root Suite" tests="0" failures="0"></testsuite>',
      `<testsuite name="list" tests="5" failures="1">${cases(3)}<testcase name="f" classname="c"><failure message="x"/></testcase></testsuite>`,
      '</testsuites>',
    ].join('\n')
    const report = parse(xml)
    expect(mergeReports([report]).totals).toMatchObject({ tests: 5, passed: 3, failed: 1, skipped: 1 })
    expect(report.warnings).toEqual([
      "reports/junit.xml:3:46: suite 'list' declares 5 tests but lists 4; 1 not listed is counted as 1 skipped from the declared totals",
    ])
    expect(report.tests.filter((t) => t.unlisted).map((t) => t.suite)).toEqual([['list']])
  })

  it('reconciles each level once: a nested suite first, then its parents with what it already added', () => {
    const xml = [
      '<testsuites tests="10" failures="1" skipped="3">',
      '<testsuite name="outer" tests="8" skipped="3" failures="1">',
      `<testsuite name="inner" tests="6" skipped="2" failures="1">${cases(2)}</testsuite>`,
      `<testsuite name="other" tests="1">${cases(1)}</testsuite>`,
      '</testsuite>',
      '</testsuites>',
    ].join('\n')
    const report = parse(xml)
    // inner: 4 missing = 1 failed, 2 skipped, 1 passed; outer: 8 − (6 + 1) = 1 skipped;
    // the root: 10 − 8 = 2 passed (its failures and skips are all accounted for).
    expect(mergeReports([report]).totals).toMatchObject({
      tests: 10,
      failed: 1,
      skipped: 3,
      passed: 6,
      errored: 0,
    })
    expect(report.warnings.map((w) => w.replace(/ from the declared totals$/, ''))).toEqual([
      "reports/junit.xml:3:59: suite 'inner' declares 6 tests but lists 2; 4 not listed are counted as 1 failed, 2 skipped and 1 passed",
      "reports/junit.xml:2:59: suite 'outer' declares 8 tests but lists 7; 1 not listed is counted as 1 skipped",
      'reports/junit.xml:1:48: <testsuites> declares 10 tests but lists 8; 2 not listed are counted as 2 passed',
    ])
    const failed = report.tests.find((t) => t.status === 'failed')!
    expect(failed).toMatchObject({ suite: ['outer', 'inner'], unlisted: true })
    expect(failed.runs[0]!.problems[0]!.message).toBe(
      "counted from the declared 'failures' of suite 'inner' or an enclosing element; the report does not list this test",
    )
  })

  it('adds nothing when a suite lists as many tests as it declares or more (reruns, stale counts)', () => {
    const report = parse(
      `<testsuites tests="2"><testsuite name="s" tests="3" failures="3">${cases(4)}</testsuite></testsuites>`,
    )
    expect(mergeReports([report]).totals).toMatchObject({ tests: 4, passed: 4, failed: 0 })
    expect(report.warnings).toEqual([])
  })

  it('counts disabled tests as skipped and listed skips against the declared ones', () => {
    const totals = totalsOf(
      `<testsuite name="gtest" tests="4" disabled="2" skipped="1">${cases(1, ' status="notrun"')}</testsuite>`,
    )
    expect(totals).toMatchObject({ tests: 4, skipped: 3, passed: 1 })
  })

  it('ignores a declared count no report could hold, with a warning instead of a billion tests', () => {
    const report = parse(`<testsuite name="huge" tests="1000000000" failures="7">${cases(1)}</testsuite>`)
    expect(mergeReports([report]).totals).toMatchObject({ tests: 1, passed: 1 })
    expect(report.warnings).toEqual([
      "reports/junit.xml:1:55: suite 'huge' declares 1000000000 tests but lists 1; more than 100000 tests declared and not listed in one report are not believable, so its declared totals are ignored",
    ])
  })

  it('reads unreadable declared counts as 0', () => {
    const report = parse(`<testsuite name="s" tests="many" failures="-3">${cases(1)}</testsuite>`)
    expect(mergeReports([report]).totals.tests).toBe(1)
    expect(report.warnings).toEqual([])
  })
})
