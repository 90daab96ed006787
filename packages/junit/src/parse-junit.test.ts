import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeReports } from './merge'
import { parseJUnitFile, parseJUnitString, parseSeconds } from './parse-junit'

const parse = (xml: string) => parseJUnitString(xml, 'r.xml')

describe('parseJUnitString dialects', () => {
  it('a case failed only by its status attribute gets one problem saying so', () => {
    const report = parse(
      `<testsuite name="S"><testcase name="f" classname="C" time="2" status="failed"/></testsuite>`,
    )
    expect(report.tests[0]!.runs).toEqual([
      {
        outcome: 'failed',
        durationMs: 2000,
        problems: [{ kind: 'failure', message: 'marked failed by its status attribute', details: '' }],
      },
    ])
  })

  it('surefire flakyFailure: failed attempts before the passing one make the test flaky', () => {
    const report = parse(`<testsuite name="S" tests="1"><testcase name="t" classname="C" time="1.5">
      <flakyFailure message="first" type="java.lang.AssertionError"><stackTrace>at C.t(C.java:12)</stackTrace><system-out>noise</system-out></flakyFailure>
      <flakyError message="second" type="java.io.IOException"><stackTrace>io</stackTrace></flakyError>
    </testcase></testsuite>`)
    const [test] = report.tests
    expect(test!.status).toBe('flaky')
    expect(test!.runs.map((r) => r.outcome)).toEqual(['failed', 'errored', 'passed'])
    expect(test!.runs[0]!.problems[0]).toMatchObject({
      kind: 'failure',
      message: 'first',
      details: 'at C.t(C.java:12)',
    })
    expect(report.elements).toMatchObject({ testcases: 1, passed: 1, reruns: 2 })
  })

  it('surefire rerunFailure: every attempt failed, the test failed with its reruns', () => {
    const report = parse(`<testsuite name="S"><testcase name="t" classname="C">
      <failure message="m1" type="E">trace1</failure>
      <rerunFailure message="m2" type="E"><stackTrace>trace2</stackTrace></rerunFailure>
    </testcase></testsuite>`)
    expect(report.tests[0]!.status).toBe('failed')
    expect(report.tests[0]!.runs.map((r) => r.problems[0]!.message)).toEqual(['m1', 'm2'])
  })

  it('keeps error apart from failure and skipped, reading messages from attributes or body', () => {
    const report = parse(`<testsuites><testsuite name="S">
      <testcase name="a"><error type="Boom">\n  Traceback line 1\n  line 2</error></testcase>
      <testcase name="b"><failure/></testcase>
      <testcase name="c"><skipped message="later"/></testcase>
      <testcase name="d" status="disabled"/>
      <testcase name="e"/>
    </testsuite></testsuites>`)
    expect(report.tests.map((t) => [t.name, t.status])).toEqual([
      ['a', 'errored'],
      ['b', 'failed'],
      ['c', 'skipped'],
      ['d', 'skipped'],
      ['e', 'passed'],
    ])
    expect(report.tests[0]!.runs[0]!.problems[0]).toMatchObject({ message: 'Traceback line 1', type: 'Boom' })
    expect(report.tests[1]!.runs[0]!.problems[0]!.message).toBe('failed')
    expect(report.tests[2]!.runs[0]!.skipMessage).toBe('later')
  })

  it('reads nested suites, file/line attributes, properties, system-out of failing tests, CDATA and non-ASCII', () => {
    const report =
      parse(`<testsuites name="all"><testsuite name="outer" file="pkg/outer.py"><testsuite name="inner">
      <testcase name="ünï 测试 ✓" classname="m.T" file="pkg/t.py" line="42" time="0.25">
        <properties><property name="owner" value="team-a"/><property name="note">multi
line</property></properties>
        <failure message="x"><![CDATA[<not a tag> & raw]]></failure>
        <system-out>out text</system-out><system-err>err text</system-err>
      </testcase>
      <testcase name="ok"><system-out>dropped for passing tests</system-out></testcase>
    </testsuite></testsuite></testsuites>`)
    const [failing, ok] = report.tests
    expect(failing).toMatchObject({
      suite: ['outer', 'inner'],
      classname: 'm.T',
      name: 'ünï 测试 ✓',
      file: 'pkg/t.py',
      line: 42,
      durationMs: 250,
      properties: { owner: 'team-a', note: 'multi\nline' },
      systemOut: 'out text',
      systemErr: 'err text',
    })
    expect(failing!.runs[0]!.problems[0]!.details).toBe('<not a tag> & raw')
    expect(ok!.file).toBe('pkg/outer.py')
    expect(ok!.systemOut).toBeUndefined()
    expect(report.suites).toBe(2)
  })

  it('bounds huge messages and traces, keeping the end of the trace', () => {
    const huge = 'm'.repeat(3_000_000)
    const report = parse(
      `<testsuite name="S"><testcase name="t"><failure message="${huge}">${'t'.repeat(500_000)}\nat x (src/a.ts:3:1)</failure></testcase></testsuite>`,
    )
    const problem = report.tests[0]!.runs[0]!.problems[0]!
    expect(problem.details.length).toBeLessThan(70_000)
    expect(problem.details).toMatch(/characters cut/)
    expect(problem.details.endsWith('at x (src/a.ts:3:1)')).toBe(true)
  })

  it('merges reruns written as repeated test cases (pytest-rerunfailures, go test -count)', () => {
    const report = parse(`<testsuite name="S">
      <testcase classname="C" name="retried"><failure message="1"/></testcase>
      <testcase classname="C" name="retried"><failure message="2"/></testcase>
      <testcase classname="C" name="retried"/>
      <testcase classname="C" name="dup"/>
      <testcase classname="C" name="dup"/>
      <testcase classname="C" name="late"/>
      <testcase classname="C" name="late"><failure message="after a pass"/></testcase>
    </testsuite>`)
    expect(report.tests.map((t) => [t.name, t.status, t.runs.length])).toEqual([
      ['retried', 'flaky', 3],
      ['dup', 'passed', 1],
      ['dup', 'passed', 1],
      ['late', 'passed', 1],
      ['late', 'failed', 1],
    ])
    expect(report.elements.testcases).toBe(7)
  })

  it('uses the declared counts of a suite that lists no test cases, with a warning', () => {
    const report = parse(
      '<testsuites><testsuite name="p" tests="4" failures="1" errors="1" skipped="1"/></testsuites>',
    )
    expect(mergeReports([report]).totals).toMatchObject({
      tests: 4,
      passed: 1,
      failed: 1,
      errored: 1,
      skipped: 1,
    })
    expect(report.warnings).toEqual([
      "r.xml:1:79: suite 'p' declares 4 tests but lists none; 4 not listed are counted as 1 failed, 1 errored, 1 skipped and 1 passed from the declared totals",
    ])
  })

  it('rejects a root that is not JUnit, an empty file and a truncated file with file:line:col', async () => {
    expect(() => parse('<?xml version="1.0"?>\n<checkstyle version="8"/>')).toThrow(
      'r.xml:2:25: the root element is <checkstyle>, not JUnit XML (expected <testsuites> or <testsuite>)',
    )
    expect(() => parse('<testsuite name="a"><testcase name="x">')).toThrow(
      /^r\.xml:1:\d+: the document ends early/,
    )
    const dir = mkdtempSync(join(tmpdir(), 'pk-junit-'))
    writeFileSync(join(dir, 'empty.xml'), '')
    await expect(parseJUnitFile(join(dir, 'empty.xml'))).rejects.toThrow(
      `${join(dir, 'empty.xml')}:1:1: no XML element found`,
    )
  })

  it('does not expand entities from a DTD (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><testsuite name="&b;"/>`
    expect(() => parse(bomb)).toThrow(/entities/)
  })

  it('reads a file from disk as a stream with the display name given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-junit-'))
    writeFileSync(join(dir, 'a.xml'), '<testsuite name="s"><testcase name="t" time="2"/></testsuite>')
    const report = await parseJUnitFile(join(dir, 'a.xml'), { displayName: 'reports/a.xml' })
    expect(report).toMatchObject({ file: 'reports/a.xml', rootName: 'testsuite' })
    expect(report.tests[0]).toMatchObject({ report: 'reports/a.xml', reportLine: 1, durationMs: 2000 })
  })

  it("warns at each literal '<' in an attribute value (not at &lt;), first and in file order", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-junit-'))
    writeFileSync(
      join(dir, 'lt.xml'),
      '<testsuite name="&lt;s&gt;">\n  <testcase name="x" time="<<computed>>"/>\n  <testcase name="y" classname="<C>"/>\n</testsuite>',
    )
    const report = await parseJUnitFile(join(dir, 'lt.xml'), { displayName: 'reports/lt.xml' })
    const literal = "a literal '<' in an attribute value is not well-formed XML; read as written"
    expect(report.warnings).toEqual([
      `reports/lt.xml:2:28: ${literal}`,
      `reports/lt.xml:2:29: ${literal}`,
      `reports/lt.xml:3:33: ${literal}`,
    ])
    expect(report.tests.map((t) => [t.name, t.durationMs])).toEqual([
      ['x', 0],
      ['y', 0],
    ])
  })
})

describe('parseSeconds', () => {
  it.each([
    ['1.5', 1.5],
    ['1,234.5', 1234.5],
    ['0,25', 0.25],
    ['<<computed>>', 0],
    ['-3', 0],
    [undefined, 0],
  ])('%s → %s', (text, seconds) => expect(parseSeconds(text)).toBe(seconds))
})
