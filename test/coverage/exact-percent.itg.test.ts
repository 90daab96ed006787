import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle } from '../harness'

// Percentages are compared on the integer counts and rounded half-up for display, so the
// boundaries come out as the counts say (57/100 is 57%, not 56.99%).
let workspace: string

/** An LCOV report of one file with `total` executable lines, the first `covered` of them run. */
function lcov(name: string, covered: number, total: number): string {
  const lines = Array.from({ length: total }, (_, i) => `DA:${i + 1},${i < covered ? 1 : 0}`)
  writeFileSync(join(workspace, 'src', `${name}.js`), 'x\n'.repeat(total))
  const file = `${name}.info`
  writeFileSync(join(workspace, file), `SF:src/${name}.js\n${lines.join('\n')}\nend_of_record\n`)
  return file
}

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pk-coverage-exact-'))
  mkdirSync(join(workspace, 'src'))
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const run = (inputs: Record<string, string>, event?: { name: string; payload: object }) =>
  runActionBundle({ action: 'coverage', workspace, event, inputs: { 'baseline-cache': 'false', ...inputs } })

describe('percentages from exact counts', () => {
  it('passes min-lines: 57 with exactly 57 of 100 lines and shows 57.00%', async () => {
    const r = await run({ reports: lcov('fifty-seven', 57, 100), 'min-lines': '57' })
    expect(r.failures).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.outputs.lines).toBe('57.00')
    expect(r.outputs.passed).toBe('true')
    expect(r.summary).toContain('### ✅ Coverage: 57.00% of lines')
    expect(r.summary).toContain('| Lines | 57.00% | 57 / 100 |')
  })

  it('rounds 353 of 356 to 99.16% as coverage.py does', async () => {
    const r = await run({ reports: lcov('py-like', 353, 356) })
    expect(r.outputs.lines).toBe('99.16')
    expect(JSON.parse(r.outputs.report!).percent.lines).toBe(99.16)
  })

  it('fails 2 of 3 against 66.67 (66.666…) and passes it against 66.66', async () => {
    const file = lcov('two-thirds', 2, 3)
    const strict = await run({ reports: file, 'min-lines': '66.67' })
    expect(strict.exitCode).toBe(1)
    expect(strict.outputs.lines).toBe('66.67')
    expect(strict.failures).toEqual(['lines coverage 66.666…% (2 of 3) is below min-lines 66.67%'])
    const loose = await run({ reports: file, 'min-lines': '66.66' })
    expect(loose.failures).toEqual([])
    expect(loose.exitCode).toBe(0)
  })

  it('never shows 100% for a badge that is not full: 1999 of 2000 is 99.9%', async () => {
    const r = await run({ reports: lcov('almost', 1999, 2000), 'badge-path': 'badge.svg' })
    expect(r.exitCode).toBe(0)
    expect(r.outputs.lines).toBe('99.95')
    expect(readFileSync(join(workspace, 'badge.svg'), 'utf8')).toContain('aria-label="coverage: 99.9%"')
  })

  it('computes the delta from the rounded percentages: 99.16 − 50.00 = +49.16', async () => {
    const baseline = join(workspace, 'baseline.json')
    const repository = {
      name: 'app',
      full_name: 'octo/app',
      default_branch: 'main',
      owner: { login: 'octo' },
    }
    const push = await run(
      { reports: lcov('half', 1, 2), 'baseline-file': baseline },
      { name: 'push', payload: { ref: 'refs/heads/main', after: 'a'.repeat(40), repository } },
    )
    expect(push.exitCode).toBe(0)
    const pr = await run(
      {
        reports: lcov('py-like', 353, 356),
        'baseline-file': baseline,
        comment: 'false',
        'patch-coverage': 'false',
      },
      {
        name: 'pull_request',
        payload: {
          number: 3,
          pull_request: {
            number: 3,
            base: { sha: 'a'.repeat(40), ref: 'main' },
            head: { sha: 'b'.repeat(40) },
          },
          repository,
        },
      },
    )
    expect(pr.failures).toEqual([])
    expect(pr.outputs['delta-lines']).toBe('49.16')
    expect(pr.summary).toContain('| Lines | 99.16% | 353 / 356 | +49.16 ▲ |')
  })
})
