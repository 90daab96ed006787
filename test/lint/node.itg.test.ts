import { beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { makeWorkspace, readReport, sarifSchemaErrors, tool, toolPath, writeFiles } from './helpers'

/** A Node service with eslint and prettier (the repository's own) and biome (from npm). */
const project = {
  'package.json': JSON.stringify({ name: 'svc', private: true, type: 'module' }, null, 2) + '\n',
  'eslint.config.js': `export default [
  {
    files: ['**/*.js'],
    rules: { 'no-unused-vars': 'error', eqeqeq: 'error', 'no-var': 'warn', 'prefer-const': 'warn', 'no-debugger': 'error' },
  },
]
`,
  '.prettierrc.json': '{ "semi": false, "singleQuote": true }\n',
  'src/server.js': `import { createServer } from 'node:http'

var port = 8080
let unused = 1

export function start(mode) {
  if (mode == 'debug') {
    debugger
  }
  return createServer((req, res) => res.end("ok")).listen(port)
}
`,
  'src/format.js': `export const greet = (name) => 'hello ' + name\n`,
  'src/ugly.js': `export const answer = ( ) => {return 42;};\n`,
  'src/broken.js': `export const config = {\n  port: 8080,\n`,
}

describe('lint: Node service with eslint, prettier and biome', () => {
  let workspace: string
  let run: ActionRun
  let report: ReturnType<typeof readReport>
  beforeAll(async () => {
    workspace = makeWorkspace()
    writeFiles(workspace, { ...project, 'biome.json': '{ "files": { "includes": ["src/**"] } }\n' })
    run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { PATH: toolPath },
      inputs: { linters: 'eslint\nprettier\nbiome', 'fail-level': 'none' },
    })
    report = readReport(run.outputs.report!)
  })
  const findings = (name: string) => report.diagnostics.filter((d) => d.tool === name)

  it('counts what eslint reports, by severity, with fixability', () => {
    const own = JSON.parse(tool(workspace, 'eslint', ['--format', 'json', '.']).stdout) as {
      errorCount: number
      warningCount: number
      fixableErrorCount: number
      fixableWarningCount: number
    }[]
    const sum = (key: keyof (typeof own)[number]) => own.reduce((n, f) => n + f[key], 0)
    expect(findings('eslint').filter((d) => d.severity === 'error')).toHaveLength(sum('errorCount'))
    expect(findings('eslint').filter((d) => d.severity === 'warning')).toHaveLength(sum('warningCount'))
    expect(findings('eslint').filter((d) => d.fixable)).toHaveLength(
      sum('fixableErrorCount') + sum('fixableWarningCount'),
    )
    expect(findings('eslint')).toContainEqual(
      expect.objectContaining({ rule: 'eqeqeq', file: 'src/server.js', line: 7, severity: 'error' }),
    )
  })

  it('lists the files prettier would reformat, and the file it cannot parse', () => {
    const own = tool(workspace, 'prettier', ['--list-different', '.'])
    expect(own.code).toBe(2)
    const unformatted = own.stdout.trim().split('\n').sort()
    expect(
      findings('prettier')
        .filter((d) => !d.rule)
        .map((d) => d.file)
        .sort(),
    ).toEqual(unformatted)
    expect(unformatted).toContain('src/ugly.js')
    const syntaxErrors = own.stderr.split('\n').filter((l) => /^\[error\] \S+: SyntaxError/.test(l))
    expect(syntaxErrors).toHaveLength(1)
    expect(findings('prettier').filter((d) => d.rule === 'syntax-error')).toEqual([
      expect.objectContaining({ file: 'src/broken.js', line: 3, severity: 'error' }),
    ])
  })

  it('counts what biome reports', () => {
    const own = JSON.parse(
      tool(workspace, 'biome', ['lint', '--reporter=sarif', '--max-diagnostics=none', '.']).stdout,
    )
    expect(findings('biome')).toHaveLength(own.runs[0].results.length)
    expect(findings('biome').length).toBeGreaterThan(0)
    expect(findings('biome').map((d) => d.rule)).toContain('lint/suspicious/noDebugger')
  })

  it('passes with fail-level none and still reports every count', () => {
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(Number(run.outputs.errors)).toBeGreaterThan(0)
    expect(run.summary).toContain('## Lint: ✅ passed')
    expect(run.summary).toMatch(/\| eslint \| ✅ ran \| \d+ \| \d+ \| 0 \|/)
    expect(sarifSchemaErrors(run.outputs.sarif!)).toEqual([])
  })

  it('detects eslint and prettier from their config files with linters: auto', async () => {
    const dir = makeWorkspace()
    writeFiles(dir, project)
    const auto = await runActionBundle({ action: 'lint', workspace: dir, env: { PATH: toolPath } })
    expect(readReport(auto.outputs.report!).tools.map((t) => t.tool)).toEqual(['eslint', 'prettier'])
    expect(auto.stdout).toContain('auto: eslint (eslint.config.js)')
    expect(auto.exitCode).toBe(1)
  })
})
