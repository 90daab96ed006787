import { describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRecordingLogger } from './logger'
import { escapeCell, formatDuration, markdownTable } from './markdown'
import { findFiles, findFilesOrFail } from './find-files'
import { truncateChars, truncateUtf8, utf8Bytes } from './github-limits'
import { ProcessError, redact, runProcess } from './run-process'
import { describeError, isUserError, UserError } from './user-error'

describe('runProcess', () => {
  it('passes arguments without a shell and captures output', async () => {
    const result = await runProcess('printf', ['%s|', 'a b', '$(echo injected)', ';rm -rf /'])
    expect(result.stdout).toBe('a b|$(echo injected)|;rm -rf /|')
    expect(result.exitCode).toBe(0)
  })

  it('feeds stdin and never needs the secret in argv', async () => {
    const result = await runProcess('cat', [], { input: 'top-secret' })
    expect(result.stdout).toBe('top-secret')
  })

  it('throws a ProcessError with the tail of stderr, redacted', async () => {
    const error = await runProcess('sh', ['-c', 'echo "bad token hunter2" >&2; exit 3'], {
      redact: ['hunter2'],
    }).catch((e) => e)
    expect(error).toBeInstanceOf(ProcessError)
    expect(error.message).toBe('sh exited with code 3:\nbad token ***')
    expect(error.result.exitCode).toBe(3)
  })

  it('accepts listed exit codes, times out and names a missing executable', async () => {
    expect((await runProcess('sh', ['-c', 'exit 2'], { okExitCodes: [0, 2] })).exitCode).toBe(2)
    await expect(runProcess('sleep', ['5'], { timeoutMs: 100 })).rejects.toThrow(
      'sleep timed out after 100 ms',
    )
    await expect(runProcess('no-such-tool-xyz', [])).rejects.toThrow(
      'no-such-tool-xyz was not found on PATH: install it or put it on PATH before this step',
    )
  })

  it('streams redacted lines to the logger inside a group', async () => {
    const log = createRecordingLogger()
    await runProcess('sh', ['-c', 'echo one; echo pass=s3cret; printf tail'], {
      logger: log,
      groupName: 'Run',
      redact: ['s3cret'],
    })
    expect(log.lines).toEqual([
      { level: 'group', message: 'Run' },
      { level: 'info', message: 'one' },
      { level: 'info', message: 'pass=***' },
      { level: 'info', message: 'tail' },
    ])
  })
})

describe('limits and markdown', () => {
  it('truncates by UTF-8 bytes on a line boundary with a notice', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `é line ${i}`).join('\n')
    const cut = truncateUtf8(text, 2000, 'the report')
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(2000)
    expect(cut).toMatch(/\*\*Truncated:\*\* \d+ more lines of the report were cut/)
    expect(truncateUtf8('short', 2000)).toBe('short')
    const chars = truncateChars('x\n'.repeat(50_000), 65_536, 'the comment')
    expect(chars.length).toBeLessThanOrEqual(65_536)
    expect(chars).toContain('the comment exceeded 65536 characters')
  })

  it('escapes table cells and formats durations', () => {
    expect(escapeCell('a|b\n<c>')).toBe('a\\|b<br>&lt;c&gt;')
    expect(markdownTable(['x', 'y'], [[1, 'a|b']])).toBe('| x | y |\n| --- | --- |\n| 1 | a\\|b |')
    expect(formatDuration(850)).toBe('850ms')
    expect(formatDuration(12_340)).toBe('12.3s')
    expect(formatDuration(245_000)).toBe('4m 05s')
  })

  it('describes any thrown value and recognises user errors', () => {
    expect(describeError(new Error('x'))).toBe('x')
    expect(describeError('plain')).toBe('plain')
    expect(describeError({ code: 1 })).toBe('{"code":1}')
    expect(isUserError(new UserError('u', { file: 'a', line: 2 }))).toBe(true)
    expect(isUserError(new Error('e'))).toBe(false)
    expect(redact('a-b-a', ['a'])).toBe('***-b-***')
  })
})

describe('findFiles', () => {
  it('expands globs, honours exclusions and names patterns that matched nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-glob-'))
    mkdirSync(join(dir, 'reports', 'shard-1'), { recursive: true })
    writeFileSync(join(dir, 'reports', 'shard-1', 'a.xml'), '')
    writeFileSync(join(dir, 'reports', 'b.xml'), '')
    writeFileSync(join(dir, 'reports', 'skip.xml'), '')
    const found = await findFiles(['reports/**/*.xml', '!reports/skip.xml', 'nothing/*.xml'], dir)
    expect(found.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'reports/b.xml',
      'reports/shard-1/a.xml',
    ])
    expect(found.unmatched).toEqual(['nothing/*.xml'])
    await expect(findFilesOrFail('reports', ['none/*.xml'], dir)).rejects.toThrow(
      `Input 'reports': no file matched 'none/*.xml' in ${dir}; expected at least one report`,
    )
  })
})
