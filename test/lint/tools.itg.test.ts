import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle } from '../harness'
import {
  commitAll,
  git,
  makeWorkspace,
  readReport,
  sarifSchemaErrors,
  tool,
  toolPath,
  writeFiles,
} from './helpers'

const reports = join(import.meta.dirname, '../fixtures/reports')

describe('lint: sarif ingest and custom linters', () => {
  it('ingests SARIF files other tools wrote, under their own tool names', async () => {
    const workspace = makeWorkspace()
    cpSync(
      join(reports, 'sarif/microsoft-sarif-sdk/MSBuild__SomeErrors.txt.sarif'),
      join(workspace, 'out/msbuild.sarif'),
    )
    cpSync(
      join(reports, 'sarif/microsoft-sarif-sdk/TSLint__TSLint-09.json.sarif'),
      join(workspace, 'out/tslint.sarif'),
    )
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      inputs: { linters: 'sarif', 'sarif-files': 'out/*.sarif', 'fail-level': 'none' },
    })
    expect(run.exitCode).toBe(0)
    const report = readReport(run.outputs.report!)
    // manifest.json: MSBuild error=4, note=1, unset=2 (warning); TSLint error=25.
    expect(report.byTool).toEqual({
      MSBuild: { error: 4, warning: 2, notice: 1 },
      TSLint: { error: 25, warning: 0, notice: 0 },
    })
    expect(run.summary).toContain('Tools named in ingested SARIF files')
    expect(sarifSchemaErrors(run.outputs.sarif!)).toEqual([])
  })

  it('runs a custom command with a checkstyle parser', async () => {
    const workspace = makeWorkspace()
    cpSync(
      join(reports, 'checkstyle/staabm-annotate-pull-request-from-checkstyle/mixed.xml'),
      join(workspace, 'cs.xml'),
    )
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      inputs: { 'custom-command': 'cat cs.xml', 'custom-parser': 'checkstyle', 'custom-name': 'phpstan' },
    })
    // The peer (cs2pr) reports 2 errors and 1 warning for this file.
    expect(run.outputs['by-tool']).toBe('{"phpstan":{"error":2,"warning":1,"notice":0}}')
    expect(run.exitCode).toBe(1)
  })

  it('runs a custom command with a named-group regular expression', async () => {
    const workspace = makeWorkspace()
    writeFiles(workspace, {
      'src/a.txt': 'ok\nTODO(high): remove the debug flag\nfine\n',
      'src/b.txt': 'TODO(low): tidy up\n',
    })
    const regex = '^(?<file>[^:]+):(?<line>\\d+):TODO\\((?<severity>high|low)\\): (?<message>.*)$'
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      inputs: { 'custom-command': 'grep -rn TODO src', 'custom-parser': regex, 'custom-name': 'todos' },
    })
    const report = readReport(run.outputs.report!)
    expect(report.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['src/a.txt', 2, 'error'],
      ['src/b.txt', 1, 'notice'],
    ])
    expect(run.failures).toEqual(['Lint found 1 error (fail-level: error)'])
  })
})

describe('lint: working-directory', () => {
  it('runs in a sub-folder and reports paths relative to the workspace', async () => {
    const workspace = makeWorkspace()
    cpSync(join(import.meta.dirname, 'fixtures', 'python-app'), join(workspace, 'services', 'api'), {
      recursive: true,
    })
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { PATH: toolPath },
      inputs: { linters: 'flake8\nmypy', 'working-directory': 'services/api', 'fail-level': 'none' },
    })
    const report = readReport(run.outputs.report!)
    const own = tool(join(workspace, 'services', 'api'), 'flake8', ['.'])
      .stdout.trim()
      .split('\n')
    expect(report.diagnostics.filter((d) => d.tool === 'flake8')).toHaveLength(own.length)
    expect(new Set(report.diagnostics.map((d) => d.file?.split('/').slice(0, 3).join('/')))).toEqual(
      new Set(['services/api/app']),
    )
    expect(run.annotations.find((a) => a.title === 'mypy assignment')?.file).toBe('services/api/app/util.py')
  })
})

describe('lint: clear failures', () => {
  it('rejects an unknown linter name', async () => {
    const run = await runActionBundle({ action: 'lint', inputs: { linters: 'eslint, pylint' } })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      "Input 'linters' has invalid value 'pylint': expected linter names among auto, eslint, prettier, biome, ruff, flake8, black, isort, mypy, bandit, shellcheck, sarif, custom",
    ])
  })

  it('rejects a regular expression without the required named groups', async () => {
    const run = await runActionBundle({
      action: 'lint',
      inputs: { 'custom-command': 'true', 'custom-parser': '^(?<file>[^:]+):(?<row>\\d+): (?<text>.*)$' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      /^Input 'custom-parser' has invalid value .*: the regular expression needs the named groups \(\?<file>…\), \(\?<line>…\), \(\?<message>…\) \(missing line, message\)/,
    )
  })

  it('says how to install a linter that is not on PATH, and still runs the others', async () => {
    const workspace = makeWorkspace('python-app')
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { PATH: join(workspace, 'no-tools-here') },
      inputs: { linters: 'mypy\nsarif', 'sarif-files': 'none/*.sarif' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['failed-tools']).toBe('mypy,sarif')
    expect(run.failures[0]).toContain(
      "mypy is not installed: 'mypy' was not found on PATH. To use it, install it before this step: pip install mypy (or pipx install mypy; on Debian/Ubuntu apt-get install mypy).",
    )
    expect(run.summary).toContain('🚫 not installed')
  })

  it('reports a crashing tool as crashed, not as no findings', async () => {
    const workspace = makeWorkspace()
    writeFiles(workspace, { 'boom.py': 'import definitely_not_a_module\n' })
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      inputs: { 'custom-command': 'python3 boom.py', 'custom-parser': 'text', 'fail-level': 'none' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.passed).toBe('false')
    expect(run.outputs['failed-tools']).toBe('custom')
    expect(run.failures[0]).toBe(
      'custom crashed: exited with code 1, which means problems were found, but its output names none',
    )
    expect(run.summary).toContain('💥 crashed')
    expect(run.summary).toContain('ModuleNotFoundError')
  })

  it('reports a tool whose output cannot be read as crashed', async () => {
    const run = await runActionBundle({
      action: 'lint',
      inputs: { 'custom-command': 'echo not json', 'custom-parser': 'eslint-json' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      /^custom crashed: its eslint-json output could not be read \(custom output is not valid JSON/,
    )
  })
})

describe('lint: fix: true', () => {
  it('runs the fixers and writes their changes as a patch that applies to the original tree', async () => {
    const workspace = makeWorkspace('python-app')
    const original = commitAll(workspace, 'original')
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { PATH: toolPath },
      inputs: { linters: 'black\nisort\nflake8', fix: 'true' },
    })
    const report = readReport(run.outputs.report!)
    expect(report.diagnostics.filter((d) => d.tool === 'black' || d.tool === 'isort')).toEqual([])
    const patch = readFileSync(run.outputs.patch!, 'utf8')
    expect(patch).toContain('diff --git a/app/orders.py b/app/orders.py')
    expect(patch).toContain('-    for p in prices :')
    expect(patch).toContain('+    for p in prices:')
    // The fixed tree is what the patch makes of the original commit.
    const fixedTree = git(workspace, 'stash', 'create')
    git(workspace, 'checkout', '-q', '--', '.')
    expect(tool(workspace, 'git', ['apply', '--check', run.outputs.patch!]).code).toBe(0)
    git(workspace, 'apply', run.outputs.patch!)
    expect(git(workspace, 'diff', fixedTree, '--stat')).toBe('')
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(original)
    // flake8's unused imports are not fixable by these tools: still reported, still failing.
    expect(report.diagnostics.filter((d) => d.tool === 'flake8').map((d) => d.rule)).toContain('F401')
    expect(run.exitCode).toBe(1)
    expect(run.summary).toContain('fixes as a patch')
  })

  it('needs a git checkout', async () => {
    const run = await runActionBundle({
      action: 'lint',
      inputs: { linters: 'black', fix: 'true' },
      env: { PATH: toolPath },
    })
    expect(run.failures[0]).toMatch(/^Input 'fix' is true but .* is not a git checkout/)
  })
})

describe('lint: check run with every annotation', () => {
  let gh: GitHubFake
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_linttoken' })
  })
  afterAll(() => gh.close())

  it('sends 120 findings as a check run in batches of 50', async () => {
    const workspace = makeWorkspace()
    const lines = Array.from(
      { length: 120 },
      (_, i) => `src/big.js:${i + 1}:1: W${100 + (i % 3)} finding number ${i + 1}`,
    )
    writeFiles(workspace, { 'findings.txt': lines.join('\n') + '\n' })
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { GITHUB_API_URL: gh.url },
      inputs: {
        'custom-command': 'cat findings.txt',
        'custom-parser': 'text',
        'github-token': 'ghs_linttoken',
        'check-name': 'Lint (custom)',
        'max-annotations': '1000',
      },
      timeoutMs: 120_000,
    })
    expect(gh.violations).toEqual([])
    const created = gh.calls('checks/create')
    const updated = gh.calls('checks/update')
    expect(created).toHaveLength(1)
    expect(created[0]!.body).toMatchObject({ name: 'Lint (custom)', head_sha: expect.any(String) })
    const batches = [created[0]!, ...updated].map(
      (c) => (c.body as { output: { annotations: unknown[] } }).output.annotations.length,
    )
    expect(batches).toEqual([50, 50, 20])
    expect((updated.at(-1)!.body as { conclusion: string }).conclusion).toBe('failure')
    expect(run.outputs['check-run-url']).toMatch(/^https?:\/\//)
    expect(run.masks).toContain('ghs_linttoken')
    // Workflow-command annotations stay within the per-level cap and say how many were left out.
    expect(run.annotations.filter((a) => a.level === 'error' && a.file)).toHaveLength(10)
    expect(run.stdout).toContain('110 more annotations (110 errors) were not emitted')
    expect(run.exitCode).toBe(1)
  })
})
