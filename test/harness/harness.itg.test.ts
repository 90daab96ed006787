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
})
