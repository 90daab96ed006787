// Hostile and odd JUnit reports read from disk: outcomes only (their cost is in
// bench/test-reports.bench.ts).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  writeDeepInCase,
  writeDeepSuites,
  writeHugeAttribute,
  writeStrayCloses,
} from '../../../test/test-action/generate-hostile-xml'
import { parseJUnitFile } from './parse-junit'

const dir = mkdtempSync(join(tmpdir(), 'pk-junit-hostile-'))
const failureOf = (file: string, displayName: string) =>
  parseJUnitFile(file, { displayName }).then(
    () => undefined,
    (e: Error) => e,
  )

describe('hostile JUnit reports', () => {
  it('refuses a report nested 200,000 suites deep with a UserError naming the report and line', async () => {
    const file = join(dir, 'deep.xml')
    writeDeepSuites(file, 200_000)
    const error = await failureOf(file, 'reports/deep.xml')
    expect(error?.name).toBe('UserError')
    // parseJUnitFile names the file it read; collectTestResults shows it relative to the workspace.
    expect(error?.message).toMatch(
      new RegExp(
        `^${escape(file)}:1002:23: <testsuite> is nested 1001 levels deep, more than the 1000 accepted`,
      ),
    )
  })

  it('reads suites nested to the limit, each test with its whole suite path', async () => {
    const file = join(dir, 'limit.xml')
    writeDeepSuites(file, 998)
    const report = await parseJUnitFile(file)
    expect(report.suites).toBe(998)
    const [test] = report.tests
    expect(test!.suite).toHaveLength(998)
    expect(test!.suite.slice(0, 2)).toEqual(['s0', 's1'])
    expect(test!.suite.at(-1)).toBe('s997')
    expect(test!.key.split('\u001e')[0]!.split('\u001f')).toEqual(test!.suite)
  })

  it('gives sibling suites their own paths and shares a path among the tests of a suite', async () => {
    const file = join(dir, 'siblings.xml')
    writeFileSync(
      file,
      '<testsuites><testsuite name="a"><testsuite name="b"><testcase name="1"/><testcase name="2"/></testsuite><testsuite name="c"><testcase name="3"/></testsuite></testsuite></testsuites>',
    )
    const { tests } = await parseJUnitFile(file)
    expect(tests.map((t) => t.suite)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'c'],
    ])
    expect(tests[0]!.suite).toBe(tests[1]!.suite)
  })

  it('refuses elements nested 100,000 deep inside a test case', async () => {
    const file = join(dir, 'deep-in-case.xml')
    writeDeepInCase(file, 100_000)
    const error = await failureOf(file, 'deep-in-case.xml')
    expect(error?.message).toMatch(new RegExp(`^${escape(file)}:3:\\d+: <node> is nested 1001 levels deep`))
  })

  it('reads past 40,000 stray closing tags with warnings naming the report and line', async () => {
    const file = join(dir, 'stray.xml')
    writeStrayCloses(file, { depth: 995, strays: 40_000 })
    const report = await parseJUnitFile(file, { displayName: 'stray.xml' })
    expect(report.tests.map((t) => [t.name, t.status])).toEqual([['t', 'passed']])
    expect(report.warnings).toHaveLength(51)
    expect(report.warnings[0]).toBe('stray.xml:3:4: a closing tag </x> that matches no open element; ignored')
    expect(report.warnings[50]).toBe('stray.xml:0:0: 39950 more XML defect(s) not listed')
  })

  it('keeps the head and tail of a 50 MB failure message, within the failure-body limit', async () => {
    const file = join(dir, 'attr.xml')
    writeHugeAttribute(file, 50_000_000)
    const report = await parseJUnitFile(file)
    expect(report.tests.map((t) => [t.name, t.status])).toEqual([
      ['t', 'failed'],
      ['after', 'passed'],
    ])
    const { message, details } = report.tests[0]!.runs[0]!.problems[0]!
    expect(message.length).toBeLessThan(64 * 1024 + 100)
    expect(message).toMatch(/^assertion text & more assertion text/)
    expect(message).toMatch(/\n… \(\d+ characters cut\) …\n/)
    expect(details).toBe('boom')
  })

  it('refuses entity declarations in a report file and never reads an external entity', async () => {
    const secret = join(dir, 'secret.txt')
    writeFileSync(secret, 'root:x:0:0')
    const file = join(dir, 'xxe.xml')
    writeFileSync(
      file,
      `<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY x SYSTEM "file://${secret}">]>\n<testsuite name="&x;"><testcase name="&x;"/></testsuite>`,
    )
    const error = await failureOf(file, 'xxe.xml')
    expect(error?.message).toMatch(new RegExp(`^${escape(file)}:2:\\d+: the DTD declares entities`))
    expect(error?.message).not.toContain('root:x')
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
