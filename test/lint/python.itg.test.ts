import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { makeWorkspace, readReport, sarifSchemaErrors, tool, toolPath } from './helpers'

/*
 * A Python service with known problems, linted by the real black, isort, flake8, mypy,
 * bandit and shellcheck (from apt). Every count is compared with what the tool itself
 * reports when run here the usual way.
 */
describe('lint: Python service with linters: auto', () => {
  let workspace: string
  let run: ActionRun
  let report: ReturnType<typeof readReport>
  beforeAll(async () => {
    workspace = makeWorkspace('python-app')
    run = await runActionBundle({ action: 'lint', workspace, env: { PATH: toolPath } })
    report = readReport(run.outputs.report!)
  })
  const findings = (name: string) => report.diagnostics.filter((d) => d.tool === name)

  it('detects the linters from pyproject.toml, .flake8 and the shell scripts', () => {
    expect(report.tools.map((t) => [t.tool, t.status])).toEqual([
      ['flake8', 'ok'],
      ['black', 'ok'],
      ['isort', 'ok'],
      ['mypy', 'ok'],
      ['bandit', 'ok'],
      ['shellcheck', 'ok'],
    ])
    expect(run.stdout).toContain('auto: black (pyproject.toml [tool.black])')
    expect(run.stdout).toContain('auto: flake8 (.flake8)')
  })

  it('counts what flake8 reports', () => {
    const own = tool(workspace, 'flake8', ['.']).stdout.trim().split('\n')
    expect(findings('flake8')).toHaveLength(own.length)
    expect(
      findings('flake8')
        .map((d) => d.rule)
        .sort(),
    ).toEqual(own.map((l) => l.split(' ')[1]).sort())
  })

  it('counts what mypy reports', () => {
    const own = tool(workspace, 'mypy', ['.']).stdout
    const found = /Found (\d+) errors? in (\d+) files?/.exec(own)!
    expect(findings('mypy').filter((d) => d.severity === 'error')).toHaveLength(Number(found[1]))
    expect(new Set(findings('mypy').map((d) => d.file)).size).toBe(Number(found[2]))
  })

  it('counts what bandit reports, by severity', () => {
    const own = JSON.parse(tool(workspace, 'bandit', ['-r', '.', '-f', 'json', '-q']).stdout)
    const totals = own.metrics._totals
    expect(findings('bandit')).toHaveLength(own.results.length)
    expect(findings('bandit').filter((d) => d.severity === 'error')).toHaveLength(totals['SEVERITY.HIGH'])
    expect(findings('bandit').filter((d) => d.severity === 'warning')).toHaveLength(totals['SEVERITY.MEDIUM'])
    expect(findings('bandit').filter((d) => d.severity === 'notice')).toHaveLength(totals['SEVERITY.LOW'])
    expect(findings('bandit').map((d) => d.rule)).toContain('B602')
  })

  it('counts what shellcheck reports', () => {
    const own = tool(workspace, 'shellcheck', ['-f', 'gcc', 'scripts/deploy.sh']).stdout.trim().split('\n')
    expect(findings('shellcheck')).toHaveLength(own.length)
    expect(findings('shellcheck').filter((d) => d.severity === 'warning')).toHaveLength(
      own.filter((l) => l.includes(': warning:')).length,
    )
    expect(findings('shellcheck')[0]).toMatchObject({ file: 'scripts/deploy.sh', rule: 'SC2164', line: 3 })
  })

  it('finds the files black and isort would reformat', () => {
    const black = tool(workspace, 'black', ['--check', '.'])
    const wouldReformat = /(\d+) files? would be reformatted/.exec(black.stderr)!
    expect(new Set(findings('black').map((d) => d.file)).size).toBe(Number(wouldReformat[1]))
    const isort = tool(workspace, 'isort', ['--check-only', '.'])
    const isortFiles = isort.stderr.split('\n').filter((l) => l.startsWith('ERROR:'))
    expect(new Set(findings('isort').map((d) => d.file)).size).toBe(isortFiles.length)
    expect(findings('black')[0]).toMatchObject({ file: 'app/orders.py', line: 8, fixable: true })
  })

  it('fails on errors and sets the outputs from the normalised report', () => {
    expect(run.exitCode).toBe(1)
    expect(run.outputs.passed).toBe('false')
    expect(Number(run.outputs.errors)).toBe(report.diagnostics.filter((d) => d.severity === 'error').length)
    expect(Number(run.outputs.total)).toBe(report.diagnostics.length)
    expect(JSON.parse(run.outputs['by-tool']!)).toEqual(report.byTool)
    expect(run.outputs['failed-tools']).toBe('')
    expect(run.failures).toEqual([`Lint found ${run.outputs.errors} errors (fail-level: error)`])
  })

  it('groups a line flagged by several tools without dropping either finding', () => {
    const group = report.groups.find((g) => g.key === 'app/orders.py:8')
    expect(group?.tools).toEqual(['black', 'flake8'])
    expect(
      report.diagnostics
        .filter((d) => d.group === 'app/orders.py:8')
        .map((d) => d.tool)
        .sort(),
    ).toEqual(['black', 'flake8'])
  })

  it('annotates the offending lines within the per-level cap', () => {
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file)
    expect(errors).toHaveLength(Number(run.outputs.errors))
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'app/util.py', line: 9, col: 18, title: 'mypy assignment' }),
    )
    expect(run.annotations.filter((a) => a.level === 'warning')).toHaveLength(Number(run.outputs.warnings))
  })

  it('writes a summary grouped by tool', () => {
    expect(run.summary).toContain('## Lint: ❌ failed')
    expect(run.summary).toMatch(/\| mypy \| ✅ ran \| 3 \| 0 \| 0 \|/)
    expect(run.summary).toContain('### bandit: 3 findings')
    expect(run.summary).toContain('flagged by several tools')
  })

  it('writes SARIF 2.1.0 that validates against the official schema, one run per tool', () => {
    expect(sarifSchemaErrors(run.outputs.sarif!)).toEqual([])
    const sarif = JSON.parse(readFileSync(run.outputs.sarif!, 'utf8'))
    expect(sarif.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name)).toEqual([
      'flake8',
      'black',
      'isort',
      'mypy',
      'bandit',
      'shellcheck',
    ])
    const results = sarif.runs.flatMap((r: { results: unknown[] }) => r.results)
    expect(results).toHaveLength(report.diagnostics.length)
    expect(results[0].locations[0].physicalLocation.artifactLocation).toMatchObject({
      uriBaseId: '%SRCROOT%',
    })
  })
})
