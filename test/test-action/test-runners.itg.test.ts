// The test action against reports written by the real tools: vitest, jest + jest-junit,
// mocha + mocha-junit-reporter and pytest run the sample suites in samples/ (through the
// action's own `command` input where the tool prints a summary), and the action's counts
// must equal what each tool printed itself. Failures must be annotated on the failing line.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot, runActionBundle, type ActionRun } from '../harness'
import { commandSucceeds, requireService } from '../services'

const bin = join(repoRoot, 'test', 'node_modules', '.bin')
const modules = join(repoRoot, 'test', 'node_modules')
const work = join(repoRoot, 'test', '.work', `test-action-${process.pid}`)
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** A fresh copy of a sample suite, inside the repository so the tools resolve from test/node_modules. */
function workspace(sample: string): string {
  const dir = join(work, sample)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  cpSync(join(import.meta.dirname, 'samples', sample), dir, { recursive: true })
  return dir
}

function numbers(text: string, pattern: RegExp): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const m of text.matchAll(pattern)) counts[m.groups!.word!] = Number(m.groups!.n)
  return counts
}

function expectCounts(
  run: ActionRun,
  expected: { total: number; passed: number; failed: number; skipped: number },
) {
  expect(run.outputs).toMatchObject({
    total: String(expected.total),
    passed: String(expected.passed),
    failed: String(expected.failed),
    skipped: String(expected.skipped),
    flaky: '0',
  })
}

function results(run: ActionRun) {
  const json = JSON.parse(readFileSync(run.outputs['results-path']!, 'utf8'))
  expect(json.schema).toBe('pipeline-kit/test-results@1')
  return json as { tests: { name: string; status: string; location?: { path: string; line: number } }[] }
}

const noColor = 'NO_COLOR=1\nFORCE_COLOR=0'

describe('test action with real test runners', () => {
  it('vitest: counts equal what vitest printed, the failure is annotated on its line', async () => {
    const ws = workspace('vitest')
    const run = await runActionBundle({
      action: 'test',
      workspace: ws,
      inputs: {
        command: `${bin}/vitest run --reporter=default --reporter=junit --outputFile.junit=reports/junit.xml`,
        env: noColor,
        reports: 'reports/*.xml',
      },
    })
    // "Tests  1 failed | 3 passed | 1 skipped (5)"
    const line = /Tests\s+(.+)\((\d+)\)/.exec(run.stdout)!
    const printed = numbers(line[1]!, /(?<n>\d+) (?<word>failed|passed|skipped)/g)
    expect(printed).toEqual({ failed: 1, passed: 3, skipped: 1 })
    expectCounts(run, {
      total: Number(line[2]),
      passed: printed.passed!,
      failed: printed.failed!,
      skipped: printed.skipped!,
    })
    expect(run.outputs['exit-code']).toBe('1')
    expect(run.outputs.conclusion).toBe('failure')
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual(['Tests failed: 1 failed of 5 tests'])
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file)
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'math.test.js',
        line: 8,
        message: expect.stringContaining('expected 2.5 to be 2'),
      }),
    ])
    expect(run.summary).toContain('Test results: ❌')
    expect(run.summary).toContain('math &gt; divides')
    const failing = results(run).tests.filter((t) => t.status === 'failed')
    expect(failing).toEqual([
      expect.objectContaining({ location: { path: 'math.test.js', line: 8, column: 27 } }),
    ])
    expect(results(run).tests.map((t) => t.name)).toContain('math > subtracts ünïcödé')
  })

  it('jest + jest-junit: counts equal what jest printed, the failure is annotated on its line', async () => {
    const ws = workspace('jest')
    const run = await runActionBundle({
      action: 'test',
      workspace: ws,
      inputs: {
        command: `${bin}/jest --ci --reporters=default --reporters=${join(modules, 'jest-junit')}`,
        env: `${noColor}\nJEST_JUNIT_OUTPUT_DIR=reports`,
        reports: 'reports/junit.xml',
      },
    })
    // "Tests:       1 failed, 1 skipped, 3 passed, 5 total"
    const line = /Tests:\s+(.+total)/.exec(run.stdout)![1]!
    const printed = numbers(line, /(?<n>\d+) (?<word>failed|passed|skipped|total)/g)
    expect(printed).toEqual({ failed: 1, skipped: 1, passed: 3, total: 5 })
    expectCounts(run, {
      total: printed.total!,
      passed: printed.passed!,
      failed: printed.failed!,
      skipped: printed.skipped!,
    })
    expect(run.exitCode).toBe(1)
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file)
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'sum.test.cjs',
        line: 8,
        message: expect.stringContaining('toBe(expected)'),
      }),
    ])
  })

  it('mocha + mocha-junit-reporter: counts equal what mocha printed with its spec reporter', async () => {
    const ws = workspace('mocha')
    // The junit reporter prints nothing, so mocha's own count comes from a spec-reporter run.
    const spec = spawnSync(join(bin, 'mocha'), ['list.test.cjs'], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    const printed = numbers(spec.stdout, /(?<n>\d+) (?<word>passing|pending|failing)/g)
    expect(printed).toEqual({ passing: 3, pending: 1, failing: 1 })
    const run = await runActionBundle({
      action: 'test',
      workspace: ws,
      inputs: {
        command: `${bin}/mocha --reporter ${join(modules, 'mocha-junit-reporter')} --reporter-options includePending=true list.test.cjs`,
        env: 'MOCHA_FILE=reports/mocha.xml',
        reports: 'reports/**/*.xml',
      },
    })
    expectCounts(run, {
      total: printed.passing! + printed.pending! + printed.failing!,
      passed: printed.passing!,
      failed: printed.failing!,
      skipped: printed.pending!,
    })
    expect(run.exitCode).toBe(1)
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file)
    expect(errors).toEqual([expect.objectContaining({ file: 'list.test.cjs', line: 12 })])
  })

  it('mocha + mocha-junit-reporter without includePending: the pending test it leaves out is counted as skipped', async () => {
    const ws = workspace('mocha')
    const run = await runActionBundle({
      action: 'test',
      workspace: ws,
      inputs: {
        command: `${bin}/mocha --reporter ${join(modules, 'mocha-junit-reporter')} list.test.cjs`,
        env: 'MOCHA_FILE=reports/mocha.xml',
        reports: 'reports/**/*.xml',
      },
    })
    const xml = readFileSync(join(ws, 'reports/mocha.xml'), 'utf8')
    expect(xml.match(/<testcase /g)).toHaveLength(4) // the pending test is not listed
    // The same counts as with includePending (the test above, and what mocha printed).
    expectCounts(run, { total: 5, passed: 3, failed: 1, skipped: 1 })
    expect(run.annotations.filter((a) => a.level === 'warning')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^reports\/mocha\.xml:\d+:\d+: suite 'list' declares 5 tests but lists 4; 1 not listed is counted as 1 skipped from the declared totals$/,
        ),
      }),
    ])
  })

  const hasPytest = requireService(
    'pytest',
    () => commandSucceeds('pytest-3', ['--version']),
    'install python3-pytest (listed in .ci/apt-packages.txt)',
  )
  it.runIf(hasPytest)(
    'pytest: failures and errors kept apart, counts equal what pytest printed',
    async () => {
      const ws = workspace('pytest')
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: {
          command: 'pytest-3 -p no:cacheprovider --junitxml=reports/pytest.xml',
          reports: 'reports/pytest.xml',
        },
      })
      // "1 failed, 3 passed, 1 skipped, 1 error in 0.20s"
      const line = /=+ (.+) in [\d.]+s/.exec(run.stdout)![1]!
      const printed = numbers(line, /(?<n>\d+) (?<word>failed|passed|skipped|error)/g)
      expect(printed).toEqual({ failed: 1, passed: 3, skipped: 1, error: 1 })
      expectCounts(run, {
        total: 6,
        passed: printed.passed!,
        failed: printed.failed! + printed.error!,
        skipped: printed.skipped!,
      })
      expect(run.outputs.errored).toBe(String(printed.error))
      expect(run.failures).toEqual(['Tests failed: 1 failed and 1 errored of 6 tests'])
      const errors = run.annotations.filter((a) => a.level === 'error' && a.file)
      expect(errors.map((a) => [a.file, a.line, a.title])).toEqual([
        ['test_sample.py', 22, 'Failed: pytest › test_sample › test_join'],
        ['test_sample.py', 6, 'Error in: pytest › test_sample › test_uses_broken_fixture'],
      ])
    },
  )

  it.runIf(hasPytest)(
    'fail-on nothing: failing tests give a neutral conclusion and a passing step',
    async () => {
      const ws = workspace('pytest')
      const run = await runActionBundle({
        action: 'test',
        workspace: ws,
        inputs: {
          command: 'pytest-3 -p no:cacheprovider --junitxml=reports/pytest.xml',
          reports: 'reports/pytest.xml',
          'fail-on': 'nothing',
        },
      })
      expect(run.exitCode).toBe(0)
      expect(run.outputs.conclusion).toBe('neutral')
      expect(run.outputs['exit-code']).toBe('1')
      expect(run.summary).toContain('2 failing test(s), allowed by fail-on')
    },
  )
})
