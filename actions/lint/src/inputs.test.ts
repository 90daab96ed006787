import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { parseInputs, SECRET_INPUTS } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('lint parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('lint', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = { linters: 'eslint', 'custom-command': 'tool --json', 'github-token': 't' }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('lint').names)
    expect(declaredInputs('lint').requiredWithDefault).toEqual([])
  })

  it('applies defaults', () => {
    const inputs = parseInputs(read({}))
    expect(inputs).toMatchObject({
      linters: ['auto'],
      workingDirectory: '.',
      onlyChanged: 'off',
      failLevel: 'error',
      fix: false,
      timeoutMs: 600_000,
      checkName: 'Lint',
    })
    expect(inputs.custom).toBeUndefined()
    expect(inputs.token).toBeUndefined()
  })

  it('reads lists, only-changed words and the custom linter', () => {
    const inputs = parseInputs(
      read({
        linters: 'eslint, prettier\nflake8\neslint',
        'only-changed': 'true',
        'custom-command': `grep -rn "TODO: fix" 'src dir'`,
        'custom-parser': '^(?<file>[^:]+):(?<line>\\d+):(?<message>.*)$',
        'custom-name': 'todos',
      }),
    )
    expect(inputs.linters).toEqual(['eslint', 'prettier', 'flake8', 'custom'])
    expect(inputs.onlyChanged).toBe('lines')
    expect(inputs.custom).toMatchObject({ name: 'todos', executable: 'grep' })
    expect(inputs.custom!.args([])).toEqual(['-rn', 'TODO: fix', 'src dir'])
    expect(parseInputs(read({ 'only-changed': 'files' })).onlyChanged).toBe('files')
  })

  it('rejects bad values with the input, the value and what was expected', () => {
    expect(() => parseInputs(read({ linters: 'eslint, pylint' }))).toThrow(
      "Input 'linters' has invalid value 'pylint': expected linter names among auto, eslint, prettier, biome, ruff, flake8, black, isort, mypy, bandit, shellcheck, sarif, custom",
    )
    expect(() => parseInputs(read({ 'fail-level': 'fatal' }))).toThrow(
      "Input 'fail-level' has invalid value 'fatal': expected one of error, warning, none",
    )
    expect(() => parseInputs(read({ 'only-changed': 'diff' }))).toThrow(
      "Input 'only-changed' has invalid value 'diff': expected false, lines (or true) or files",
    )
    expect(() => parseInputs(read({ linters: 'custom' }))).toThrow(
      "Input 'custom-command' is empty but linters includes custom",
    )
    expect(() =>
      parseInputs(read({ 'custom-command': 'x', 'custom-parser': '^(?<file>.+):(?<msg>.*)$' })),
    ).toThrow(
      /Input 'custom-parser' has invalid value .*needs the named groups \(\?<file>…\), \(\?<line>…\), \(\?<message>…\) \(missing line, message\)/,
    )
    expect(() => parseInputs(read({ 'custom-command': 'x', 'custom-parser': 'junit' }))).toThrow(
      "Input 'custom-parser' has invalid value 'junit': expected one of eslint-json, sarif, checkstyle, text",
    )
    expect(() => parseInputs(read({ 'custom-command': 'x', 'custom-parser': '(?<file>[' }))).toThrow(
      /^Input 'custom-parser' has invalid value '\(\?<file>\[': expected a parser name or a JavaScript regular expression/,
    )
    expect(() => parseInputs(read({ 'custom-command': 'echo "open' }))).toThrow(
      "Input 'custom-command' has invalid value 'echo \"open': expected every quote closed (a \" is not)",
    )
    expect(() => parseInputs(read({ 'working-directory': '../elsewhere' }))).toThrow(
      "Input 'working-directory' has invalid value '../elsewhere'",
    )
  })
})
