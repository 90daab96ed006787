import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import { createCustomLinter, resolveParser } from './custom'
import { LINTERS, type LinterDefinition } from './linters'
import { findExecutable, runLinter } from './run-linter'

/* Real processes: small shell scripts standing in for linters that behave in each way. */
const dir = mkdtempSync(join(tmpdir(), 'pk-lint-run-'))
function script(name: string, body: string): string {
  const path = join(dir, name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}
const linter = (path: string, parser = 'text'): LinterDefinition =>
  createCustomLinter({
    name: 'probe',
    command: [path],
    parser: resolveParser(parser, 'custom-parser'),
    parserName: parser,
  })
const options = { root: dir, cwd: dir, timeoutMs: 10_000, log: createRecordingLogger() }

describe('runLinter', () => {
  it('reads findings of a tool that exits 1 with them', async () => {
    const result = await runLinter(linter(script('finds.sh', 'echo "a.py:3:1: E1 bad"; exit 1')), options)
    expect(result).toMatchObject({
      status: 'ok',
      exitCode: 1,
      diagnostics: [{ file: 'a.py', line: 3, rule: 'E1' }],
    })
  })

  it('reads coloured output as plain text, and asks tools not to colour', async () => {
    const body = 'printf "\\033[1m\\033[31ma.py\\033[0m:3:1: E1 $NO_COLOR$FORCE_COLOR\\n"; exit 1'
    const result = await runLinter(linter(script('colour.sh', body)), options)
    expect(result.diagnostics).toMatchObject([{ file: 'a.py', line: 3, rule: 'E1', message: '10' }])
  })

  it('is clean when a tool exits 0 with nothing', async () => {
    expect(await runLinter(linter(script('clean.sh', 'exit 0')), options)).toMatchObject({
      status: 'ok',
      diagnostics: [],
    })
  })

  it('calls a "problems found" exit without problems a crash, with the output tail', async () => {
    const result = await runLinter(linter(script('silent.sh', 'echo "config error" >&2; exit 1')), options)
    expect(result.status).toBe('crashed')
    expect(result.problem).toBe(
      'probe crashed: exited with code 1, which means problems were found, but its output names none',
    )
    expect(result.outputTail).toBe('config error')
  })

  it('calls an exit code the tool does not use for findings a crash', async () => {
    const eslint = {
      ...LINTERS.eslint!,
      executable: script('eslint', 'echo "[]"; echo "Oops! Something went wrong!" >&2; exit 2'),
    }
    const result = await runLinter(eslint, options)
    expect(result).toMatchObject({
      status: 'crashed',
      exitCode: 2,
      problem: 'eslint crashed: exited with code 2',
    })
  })

  it('calls a stack trace with nothing parsed a crash even on exit 0', async () => {
    const result = await runLinter(
      linter(
        script(
          'trace.sh',
          'printf "Traceback (most recent call last):\\n  File x\\nKeyError: 1\\n" >&2; exit 0',
        ),
      ),
      options,
    )
    expect(result.problem).toBe('probe crashed: printed a stack trace and reported nothing')
  })

  it('calls unreadable output a crash', async () => {
    const result = await runLinter(linter(script('garbage.sh', 'echo "{not json"; exit 1'), 'sarif'), options)
    expect(result.problem).toMatch(
      /^probe crashed: its sarif output could not be read \(probe output is not valid JSON/,
    )
  })

  it('times out', async () => {
    const result = await runLinter(linter(script('slow.sh', 'sleep 5')), { ...options, timeoutMs: 200 })
    expect(result.problem).toBe('probe crashed: timed out after 200 ms')
  })

  it('says how to install a missing tool', async () => {
    const nothing = mkdtempSync(join(tmpdir(), 'pk-lint-nothing-'))
    const result = await runLinter(LINTERS.ruff!, {
      ...options,
      cwd: nothing,
      root: nothing,
      pathEnv: nothing,
    })
    expect(result.status).toBe('missing')
    expect(result.problem).toBe(
      "ruff is not installed: 'ruff' was not found on PATH. To use it, install it before this step: pip install ruff (or pipx install ruff; on Debian/Ubuntu apt-get install ruff (Debian 13 and later)).",
    )
    const eslint = await runLinter(LINTERS.eslint!, {
      ...options,
      cwd: nothing,
      root: nothing,
      pathEnv: nothing,
    })
    expect(eslint.problem).toMatch(
      /'eslint' was not found in node_modules\/\.bin or on PATH\. To use it, add it to the project's devDependencies/,
    )
  })

  it('finds npm tools in node_modules/.bin up to the root before PATH', () => {
    const project = join(dir, 'proj')
    script('proj/node_modules/.bin/eslint', 'exit 0')
    const nested = join(project, 'packages', 'web')
    expect(findExecutable('eslint', { cwd: nested, root: project, npm: true, pathEnv: '' })).toBe(
      join(project, 'node_modules/.bin/eslint'),
    )
    expect(findExecutable('eslint', { cwd: nested, root: project, npm: false, pathEnv: '' })).toBeUndefined()
    expect(findExecutable('./proj/node_modules/.bin/eslint', { cwd: dir, root: dir, npm: false })).toBe(
      join(project, 'node_modules/.bin/eslint'),
    )
  })

  it('skips shellcheck when there is no shell script', async () => {
    const result = await runLinter(LINTERS.shellcheck!, {
      ...options,
      cwd: mkdtempSync(join(tmpdir(), 'pk-lint-empty-')),
    })
    expect(result).toMatchObject({ status: 'ok', diagnostics: [], command: 'shellcheck (no files)' })
  })
})
