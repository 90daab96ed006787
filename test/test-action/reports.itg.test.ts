// The built test action on report files: shard merging and flaky tests, the check run against
// the OpenAPI-validating GitHub fake (batches of 50, conclusion, text limits), annotation caps
// without a token, the 1 MiB summary budget, and clear errors for bad inputs.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle } from '../harness'
import { writeDeepSuites, writeHugeAttribute, writeStrayCloses } from './generate-hostile-xml'
import { writeJUnitReport } from './generate-junit'

function workspaceWith(files: Record<string, string>): string {
  const ws = mkdtempSync(join(tmpdir(), 'pk-test-action-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true })
    writeFileSync(join(ws, path), content)
  }
  return ws
}

const suite = (cases: string) =>
  `<?xml version="1.0"?>\n<testsuites>\n<testsuite name="api">\n${cases}\n</testsuite>\n</testsuites>\n`
const failing = (name: string, line: number) =>
  `<testcase classname="api" name="${name}" time="0.5"><failure message="boom in ${name}">Error: boom\n    at Object.test (src/api.test.ts:${line}:9)\n    at run (node_modules/x/run.js:1:1)</failure></testcase>`
const passing = (name: string) => `<testcase classname="api" name="${name}" time="0.25"/>`

describe('test action on reports', () => {
  it('merges matrix shards and reports a test that failed, then passed in a later shard, as flaky', async () => {
    const ws = workspaceWith({
      'src/api.test.ts': 'test\n'.repeat(20),
      'shard-1/junit.xml': suite([failing('creates', 7), passing('lists')].join('\n')),
      'shard-2/junit.xml': suite([passing('creates'), passing('deletes')].join('\n')),
    })
    const run = await runActionBundle({
      action: 'test',
      workspace: ws,
      inputs: { reports: 'shard-*/junit.xml' },
    })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      total: '3',
      passed: '2',
      failed: '0',
      flaky: '1',
      conclusion: 'success',
    })
    expect(run.outputs['duration-ms']).toBe('1250')
    expect(run.annotations.filter((a) => a.file)).toEqual([
      expect.objectContaining({
        level: 'warning',
        file: 'src/api.test.ts',
        line: 7,
        title: 'Flaky: api › creates',
      }),
    ])
    expect(run.summary).toContain('🔁 Flaky tests (1)')
  })

  describe('with a token: a check run carries every annotation', () => {
    let gh: GitHubFake
    beforeAll(async () => {
      gh = await startGitHubFake({ token: 'ghs_test' })
    })
    afterAll(() => gh.close())

    it('creates the check run with 50 annotations and PATCHes the rest in batches of 50, within text limits', async () => {
      gh.reset()
      const ws = workspaceWith({})
      // 120 failures with 70,000-character messages: beyond every per-field limit.
      writeJUnitReport(join(ws, 'junit.xml'), { cases: 240, failEvery: 2, messageChars: 70_000 })
      for (let s = 0; s < 3; s++) writeFileSync(join(ws, `suite-${s}.test.ts`), '\n'.repeat(300))
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: { reports: 'junit.xml', 'github-token': 'ghs_test', 'check-name': 'Unit tests' },
        env: { GITHUB_API_URL: gh.url },
      })
      expect(gh.violations).toEqual([])
      expect(run.exitCode).toBe(1)
      expect(run.failures).toEqual(['Tests failed: 120 failed of 240 tests'])
      const create = gh.calls('checks/create')
      const updates = gh.calls('checks/update')
      expect(create).toHaveLength(1)
      expect(updates).toHaveLength(2)
      const bodies = [create[0]!, ...updates].map((r) => r.body as Record<string, any>)
      expect(bodies.map((b) => b.output.annotations.length)).toEqual([50, 50, 20])
      expect(bodies.map((b) => b.status)).toEqual(['in_progress', 'in_progress', 'completed'])
      expect(bodies[2]!.conclusion).toBe('failure')
      expect(bodies[0]).toMatchObject({
        name: 'Unit tests',
        head_sha: '0123456789abcdef0123456789abcdef01234567',
      })
      for (const body of bodies) {
        expect(body.output.title).toBe('120 failed, 120 passed')
        expect(body.output.summary.length).toBeLessThanOrEqual(65_535)
        for (const a of body.output.annotations) {
          expect(a.message.length).toBeLessThanOrEqual(65_535)
          expect(a.raw_details.length).toBeLessThanOrEqual(65_535)
          expect(a.path).toMatch(/^suite-[0-2]\.test\.ts$/)
        }
      }
      expect(bodies[0]!.output.summary).toContain('Unit tests: ❌')
      // Every annotation went to the check run, none to workflow commands.
      expect(run.annotations.filter((a) => a.file)).toEqual([])
      expect(run.outputs['check-run-url']).toMatch(/^https?:\/\//)
      expect(run.summary).toContain('All 120 annotations are on the check run [Unit tests]')
    })

    it('falls back to workflow annotations when the token may not write checks', async () => {
      gh.reset()
      gh.on('checks/create', () => ({
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        },
      }))
      const ws = workspaceWith({
        'src/api.test.ts': 'x\n'.repeat(20),
        'junit.xml': suite(failing('creates', 3)),
      })
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: { reports: 'junit.xml', 'github-token': 'ghs_test' },
        env: { GITHUB_API_URL: gh.url },
      })
      expect(gh.violations).toEqual([])
      expect(run.exitCode).toBe(1)
      expect(run.annotations.filter((a) => a.file)).toEqual([
        expect.objectContaining({
          level: 'error',
          file: 'src/api.test.ts',
          line: 3,
          message: 'boom in creates',
        }),
      ])
      expect(run.stdout).toContain('Check run not published')
      expect(run.outputs['check-run-url']).toBe('')
    })
  })

  it('without a token annotates the first 10 failures and says in the summary how many more there are', async () => {
    const ws = workspaceWith({})
    writeJUnitReport(join(ws, 'junit.xml'), { cases: 60, failEvery: 2 })
    writeFileSync(join(ws, 'suite-0.test.ts'), '\n'.repeat(300))
    const run = await runActionBundle({ action: 'test', workspace: ws, inputs: { reports: 'junit.xml' } })
    expect(run.exitCode).toBe(1)
    expect(run.annotations.filter((a) => a.file)).toHaveLength(10)
    expect(run.summary).toContain('20 more failing or flaky tests were not annotated')
  })

  it('keeps the job summary under 1 MiB with an explicit truncation line', async () => {
    const ws = workspaceWith({})
    writeJUnitReport(join(ws, 'junit.xml'), { cases: 4000, failEvery: 1, traceLines: 100 })
    const run = await runActionBundle({ action: 'test', workspace: ws, inputs: { reports: 'junit.xml' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.failed).toBe('4000')
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024)
    expect(run.summary).toMatch(/\*\*Truncated:\*\* \d+ more failed tests are not listed/)
    expect(run.summary).toContain('### Reports (1)')
  })

  describe('command', () => {
    const script = [
      '#!/bin/sh',
      'mkdir -p out',
      `echo '<testsuite name="s"><testcase name="a"/><testcase name="b"/></testsuite>' > out/junit.xml`,
      'echo "ran in $(basename "$PWD") with SUITE_MODE=$SUITE_MODE"',
      'exit 3',
      '',
    ].join('\n')

    it('runs a script without a shell, records its exit code, and takes the verdict from the reports', async () => {
      const ws = workspaceWith({ 'run-tests.sh': script })
      chmodSync(join(ws, 'run-tests.sh'), 0o755)
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: { command: './run-tests.sh', env: 'SUITE_MODE=quick', reports: 'out/*.xml' },
      })
      expect(run.failures).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ 'exit-code': '3', total: '2', passed: '2', conclusion: 'success' })
      expect(run.stdout).toContain('with SUITE_MODE=quick')
    })

    it('fails on the exit code with fail-on exit-code, in the working directory', async () => {
      const ws = workspaceWith({ 'sub/run-tests.sh': script })
      chmodSync(join(ws, 'sub', 'run-tests.sh'), 0o755)
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: {
          command: './run-tests.sh',
          'working-directory': 'sub',
          reports: 'out/*.xml',
          'fail-on': 'failures, exit-code',
        },
      })
      expect(run.stdout).toContain('ran in sub with SUITE_MODE=')
      expect(run.exitCode).toBe(1)
      expect(run.failures).toEqual(['Tests failed: the test command exited with code 3'])
      expect(run.outputs.total).toBe('2')
    })
  })

  describe('hostile and odd reports', () => {
    it('a report nested 200,000 suites deep fails the step with one message naming the file and line, no V8 trace', async () => {
      const ws = workspaceWith({ 'reports/good.xml': suite(passing('lists')) })
      writeDeepSuites(join(ws, 'reports/deep.xml'), 200_000)
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: { reports: 'reports/*.xml' },
      })
      expect(run.exitCode).toBe(1)
      expect(run.stderr).not.toMatch(/FATAL ERROR|heap out of memory|v8::internal/)
      expect(run.outputs.total).toBe('1')
      const error = run.annotations.find((a) => a.level === 'error')!
      expect(error).toMatchObject({ file: 'reports/deep.xml', line: 1002, col: 23 })
      expect(error.message).toContain(
        '- reports/deep.xml:1002:23: <testsuite> is nested 1001 levels deep, more than the 1000 accepted',
      )
    })

    it('40,000 stray closing tags are warnings at their file and line, and the tests still count', async () => {
      const ws = workspaceWith({})
      writeStrayCloses(join(ws, 'stray.xml'), { depth: 995, strays: 40_000 })
      const run = await runActionBundle({ action: 'test', workspace: ws, inputs: { reports: 'stray.xml' } })
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ total: '1', passed: '1', conclusion: 'success' })
      const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message)
      expect(warnings[0]).toBe('stray.xml:3:4: a closing tag </x> that matches no open element; ignored')
      expect(warnings).toContain('stray.xml:0:0: 39950 more XML defect(s) not listed')
    })

    it('a 50 MB failure message is read, and cut for the annotation and the results JSON', async () => {
      const ws = workspaceWith({})
      writeHugeAttribute(join(ws, 'attr.xml'), 50_000_000)
      const run = await runActionBundle({ action: 'test', workspace: ws, inputs: { reports: 'attr.xml' } })
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toMatchObject({ total: '2', failed: '1', passed: '1' })
      const json = readFileSync(run.outputs['results-path']!, 'utf8')
      expect(json.length).toBeLessThan(200_000)
      expect(json).toMatch(/characters cut/)
    })

    it('pending tests mocha-junit-reporter leaves out of the listing are counted as skipped, with a warning', async () => {
      // As mocha-junit-reporter writes it without includePending (see test-runners.itg.test.ts for the real tool).
      const report = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="Mocha Tests" time="0.007" tests="3" failures="0" skipped="1">',
        '<testsuite name="list" tests="3" file="list.test.cjs" time="0.006" failures="0">',
        passing('maps'),
        passing('sorts'),
        '</testsuite>',
        '</testsuites>',
      ].join('\n')
      const run = await runActionBundle({
        action: 'test',
        workspace: workspaceWith({ 'mocha.xml': report }),
        inputs: { reports: 'mocha.xml' },
      })
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ total: '3', passed: '2', skipped: '1' })
      expect(run.annotations).toEqual([
        expect.objectContaining({
          level: 'warning',
          message:
            "mocha.xml:3:80: suite 'list' declares 3 tests but lists 2; 1 not listed is counted as 1 skipped from the declared totals",
        }),
      ])
    })
  })

  describe('bad inputs give clear messages', () => {
    const fail = async (files: Record<string, string>, inputs: Record<string, string>) => {
      const run = await runActionBundle({ action: 'test', workspace: workspaceWith(files), inputs })
      expect(run.exitCode).toBe(1)
      return run
    }

    it('no report matches', async () => {
      const run = await fail({}, { reports: 'build/test-results/**/*.xml\nmissing.xml' })
      expect(run.failures).toEqual([
        expect.stringMatching(
          /^Input 'reports': no file matched 'build\/test-results\/\*\*\/\*\.xml', 'missing\.xml' in \//,
        ),
      ])
    })

    it('a malformed report fails with path and line:column, after reporting the readable ones', async () => {
      const run = await fail(
        {
          'reports/good.xml': suite(passing('lists')),
          'reports/bad.xml': '<testsuites>\n  <testsuite name="a">\n    <testcase name="x">',
        },
        { reports: 'reports/*.xml' },
      )
      expect(run.outputs.total).toBe('1')
      expect(run.failures).toEqual([])
      const error = run.annotations.find((a) => a.level === 'error')!
      expect(error.message).toMatch(
        /^1 report\(s\) could not be read.*\n- reports\/bad\.xml:3:\d+: the document ends early inside <testcase>: the file is truncated/s,
      )
      expect(error).toMatchObject({ file: 'reports/bad.xml', line: 3 })
    })

    it('an XML bomb is refused without expanding it', async () => {
      const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<testsuites><testsuite name="x"><testcase name="&lol9;"/></testsuite></testsuites>\n`
      const run = await fail({ 'bomb.xml': bomb }, { reports: 'bomb.xml' })
      const error = run.annotations.find((a) => a.level === 'error')!
      expect(error.message).toMatch(/bomb\.xml:\d+:\d+: .*entities/)
    })

    it('a 0-byte report', async () => {
      const run = await fail({ 'empty.xml': '' }, { reports: 'empty.xml' })
      expect(run.annotations.find((a) => a.level === 'error')!.message).toContain(
        'empty.xml:1:1: no XML element found',
      )
    })

    it('an XML file that is not JUnit', async () => {
      const run = await fail(
        { 'coverage.xml': '<?xml version="1.0"?>\n<coverage line-rate="0.5"/>\n' },
        { reports: '*.xml' },
      )
      expect(run.annotations.find((a) => a.level === 'error')!.message).toContain(
        'coverage.xml:2:27: the root element is <coverage>, not JUnit XML (expected <testsuites> or <testsuite>)',
      )
    })

    it('fewer tests than min-tests, and an invalid fail-on', async () => {
      const few = await fail({ 'junit.xml': suite(passing('a')) }, { reports: 'junit.xml', 'min-tests': '5' })
      expect(few.failures).toEqual([
        'Tests failed: 1 test reported, fewer than min-tests (5): is the report empty or missing?',
      ])
      const bad = await fail(
        { 'junit.xml': suite(passing('a')) },
        { reports: 'junit.xml', 'fail-on': 'sometimes' },
      )
      expect(bad.failures).toEqual([
        "Input 'fail-on' has invalid value 'sometimes': expected one or more of failures, errors, exit-code, nothing",
      ])
    })

    it('min-tests 0 allows a missing report, with a warning', async () => {
      const run = await runActionBundle({
        action: 'test',
        workspace: workspaceWith({}),
        inputs: { reports: 'none/*.xml', 'min-tests': '0' },
      })
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ total: '0', conclusion: 'success' })
      expect(run.annotations).toEqual([
        expect.objectContaining({
          level: 'warning',
          message: expect.stringContaining("No report matched 'none/*.xml'"),
        }),
      ])
    })
  })
})
