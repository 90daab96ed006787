import { describe, expect, it } from 'vitest'
import { splitCommandLine } from './command-line'

describe('splitCommandLine', () => {
  it('splits words with quotes and escapes like a shell, without one', () => {
    expect(splitCommandLine('c', 'pnpm build')).toEqual(['pnpm', 'build'])
    expect(splitCommandLine('c', `  node  "scripts/a b.mjs" 'it''s' x\\ y "q\\"d" ''`)).toEqual([
      'node',
      'scripts/a b.mjs',
      'its',
      'x y',
      'q"d',
      '',
    ])
    expect(splitCommandLine('c', `echo 'a && b' "c; d"`)).toEqual(['echo', 'a && b', 'c; d'])
  })

  it('refuses operators, substitutions and open quotes, naming the input', () => {
    expect(() => splitCommandLine('build-command', 'npm ci && npm run build')).toThrow(
      "Input 'build-command' has invalid value 'npm ci && npm run build': it contains the shell operator '&'; the command runs without a shell",
    )
    for (const bad of ['a | b', 'a; b', 'a > out', 'echo $(id)', 'echo "$HOME"', 'echo `id`', "echo 'open"])
      expect(() => splitCommandLine('c', bad), bad).toThrow("Input 'c' has invalid value")
  })
})
