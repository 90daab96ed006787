import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'

// Report paths are confined to the workspace (and RUNNER_TEMP) after glob expansion and
// symlink resolution; nothing read from a report is echoed beyond a short escaped excerpt.
let root: string
let workspace: string
let outside: string
let runnerTemp: string
const LCOV = 'SF:src/a.js\nDA:1,1\nDA:2,0\nend_of_record\n'

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pk-coverage-paths-'))
  workspace = join(root, 'workspace')
  outside = join(root, 'outside')
  runnerTemp = join(root, 'runner-temp')
  for (const dir of [join(workspace, 'src'), outside, join(runnerTemp, '_runner_file_commands')])
    mkdirSync(dir, { recursive: true })
  writeFileSync(join(workspace, 'src', 'a.js'), 'a\nb\n')
  writeFileSync(join(outside, 'lcov.info'), LCOV)
  writeFileSync(join(runnerTemp, 'lcov.info'), LCOV)
  writeFileSync(join(runnerTemp, '_runner_file_commands', 'set_env_1'), 'SF:TOKEN=hunter2\n')
  symlinkSync('/etc/passwd', join(workspace, 'passwd.info'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** What the step failed with, with or without a file (a report's error names its file). */
const errors = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error').map((a) => a.message)

const run = (inputs: Record<string, string>) =>
  runActionBundle({
    action: 'coverage',
    workspace,
    env: { RUNNER_TEMP: runnerTemp },
    inputs: { 'baseline-cache': 'false', ...inputs },
  })

describe('report paths outside the workspace', () => {
  it('refuses /etc/passwd, names the input, the path and what is expected, and reads nothing of it', async () => {
    const r = await run({ reports: '/etc/passwd' })
    expect(r.exitCode).toBe(1)
    expect(errors(r)).toEqual([
      `Input 'reports': '/etc/passwd' is outside the workspace; expected report files inside GITHUB_WORKSPACE (${workspace}) or RUNNER_TEMP (${runnerTemp}). Set allow-outside-workspace: true to read files elsewhere.`,
    ])
    expect(r.stdout).not.toContain('root:')
  })

  it('refuses a relative path that climbs out, and a symlink in the workspace that points out', async () => {
    const climbing = await run({ reports: '../outside/lcov.info' })
    expect(climbing.exitCode).toBe(1)
    expect(climbing.failures[0]).toContain(
      `Input 'reports': '${join(outside, 'lcov.info')}' is outside the workspace;`,
    )
    const linked = await run({ reports: '*.info' })
    expect(linked.exitCode).toBe(1)
    expect(linked.failures[0]).toContain(
      `Input 'reports': '${join(workspace, 'passwd.info')}' resolves to '/etc/passwd', outside the workspace;`,
    )
    expect(linked.stdout).not.toContain('root:')
  })

  it('reads a report in RUNNER_TEMP, but not the runner’s own file-command files there', async () => {
    const temp = await run({ reports: `${runnerTemp}/lcov.info` })
    expect(temp.failures).toEqual([])
    expect(temp.exitCode).toBe(0)
    expect(temp.outputs.lines).toBe('50.00')
    const commands = await run({ reports: `${runnerTemp}/_runner_file_commands/*` })
    expect(commands.exitCode).toBe(1)
    expect(commands.failures[0]).toContain(
      `'${join(runnerTemp, '_runner_file_commands', 'set_env_1')}' is in the runner's file-command folder`,
    )
    expect(commands.stdout).not.toContain('hunter2')
  })

  it('reads outside the workspace when allow-outside-workspace is true', async () => {
    const r = await run({ reports: '../outside/lcov.info', 'allow-outside-workspace': 'true' })
    expect(r.failures).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(r.outputs.lines).toBe('50.00')
  })
})

describe('file content in errors', () => {
  it('says "binary content" for a binary file and never prints its bytes', async () => {
    const bytes = Buffer.from([
      0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff,
    ])
    writeFileSync(join(workspace, 'tool.bin'), bytes)
    const r = await run({ reports: 'tool.bin' })
    expect(r.exitCode).toBe(1)
    expect(errors(r)).toEqual([
      `${join(workspace, 'tool.bin')}: unknown coverage format (binary content); expected one of lcov, cobertura, clover, jacoco, istanbul-summary, istanbul-final`,
    ])
    expect(r.stdout).not.toContain('\x1b[31m')
    expect(r.stdout).not.toContain('ELF')
  })

  it('shows at most 40 characters of a text file, control characters escaped', async () => {
    writeFileSync(join(workspace, 'notes.txt'), `\x1b[31mred ${'x'.repeat(200)}\n`)
    const r = await run({ reports: 'notes.txt' })
    expect(r.exitCode).toBe(1)
    expect(errors(r)).toEqual([
      `${join(workspace, 'notes.txt')}: unknown coverage format (starts with '\\x1b[31mred ${'x'.repeat(31)}…'); expected one of lcov, cobertura, clover, jacoco, istanbul-summary, istanbul-final`,
    ])
    expect(r.stdout).not.toContain('\x1b')
  })

  it('escapes what the JSON parser quotes of a malformed report', async () => {
    writeFileSync(join(workspace, 'summary.json'), '{"total": \x1b]0;pwned\x07 }')
    const r = await run({ reports: 'summary.json' })
    expect(r.exitCode).toBe(1)
    expect(errors(r)[0]).toMatch(/summary\.json: not valid JSON \(Unexpected token '\\x1b'/)
    expect(r.stdout).not.toContain('\x1b')
    expect(r.stdout).not.toContain('\x07')
  })
})
