import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFileCommands, parseWorkflowCommands, runActionBundle } from './index'

describe('harness', () => {
  it('parses multi-line file commands and escaped workflow commands', () => {
    expect(parseFileCommands('a=1\nb<<EOF\nx\ny\nEOF\nc=z=2\n')).toEqual({ a: '1', b: 'x\ny', c: 'z=2' })
    const [cmd] = parseWorkflowCommands('::error file=a%2Cb.ts,line=3,title=x%3Ay::bad%0Aline 100%25')
    expect(cmd).toEqual({
      command: 'error',
      properties: { file: 'a,b.ts', line: '3', title: 'x:y' },
      message: 'bad\nline 100%',
    })
  })

  it('rejects inputs the action does not declare', async () => {
    await expect(runActionBundle({ action: 'smoke-test', inputs: { 'no-such-input': 'x' } })).rejects.toThrow(
      /not declared/,
    )
  })

  it('refuses, with the runner’s message, a manifest the runner refuses, before running anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-manifest-'))
    const marker = join(dir, 'ran')
    writeFileSync(
      join(dir, 'action.yml'),
      [
        'name: Refused',
        'description: An input description with an expression',
        'inputs:',
        '  github-token:',
        "    description: 'A token, e.g. ${{ github.token }}'",
        '    default: ${{ github.token }}',
        'runs:',
        '  using: node24',
        '  main: index.js',
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'index.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\n`,
    )
    const file = join(dir, 'action.yml')
    await expect(runActionBundle({ action: dir })).rejects.toThrow(
      `${file} (Line: 5, Col: 18): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token\nFailed to load ${file}`,
    )
    expect(existsSync(marker)).toBe(false)
  })
})
