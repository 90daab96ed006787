import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { parseInputs, SECRET_INPUTS, splitCommand } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('test parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('test', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = {
      reports: 'r.xml',
      command: 'npm test',
      env: 'A=1',
      'results-file': 'out.json',
      'github-token': 't',
    }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('test').names)
    expect(declaredInputs('test').requiredWithDefault).toEqual([])
  })

  it('applies defaults', () => {
    expect(parseInputs(read({ reports: 'reports/**/*.xml, !reports/old/**' }))).toEqual({
      reports: ['reports/**/*.xml', '!reports/old/**'],
      command: undefined,
      workingDirectory: '.',
      failOn: ['failures'],
      minTests: 1,
      githubToken: undefined,
      checkName: 'Test results',
      resultsFile: undefined,
    })
  })

  it('parses the command with its environment, fail-on lists and min-tests', () => {
    const inputs = parseInputs(
      read({
        reports: 'junit.xml',
        command: 'npx vitest run --reporter=junit "--outputFile=out dir/junit.xml"',
        env: 'CI=true\nNODE_OPTIONS=--max-old-space-size=4096',
        'fail-on': 'errors, exit-code',
        'min-tests': '0',
      }),
    )
    expect(inputs.command).toEqual({
      executable: 'npx',
      args: ['vitest', 'run', '--reporter=junit', '--outputFile=out dir/junit.xml'],
      env: { CI: 'true', NODE_OPTIONS: '--max-old-space-size=4096' },
    })
    expect(inputs.failOn).toEqual(['errors', 'exit-code'])
    expect(inputs.minTests).toBe(0)
    expect(parseInputs(read({ reports: 'r', 'fail-on': 'nothing' })).failOn).toEqual([])
  })

  it('rejects bad values naming the input, the value and what was expected', () => {
    expect(() => parseInputs(read({}))).toThrow("Input 'reports' is required")
    expect(() => parseInputs(read({ reports: 'r', 'fail-on': 'always' }))).toThrow(
      "Input 'fail-on' has invalid value 'always': expected one or more of failures, errors, exit-code, nothing",
    )
    expect(() => parseInputs(read({ reports: 'r', 'fail-on': 'nothing,errors' }))).toThrow(
      "Input 'fail-on' has invalid value 'nothing,errors'",
    )
    expect(() => parseInputs(read({ reports: 'r', 'min-tests': '-1' }))).toThrow(
      "Input 'min-tests' has invalid value '-1'",
    )
    expect(() => parseInputs(read({ reports: 'r', 'working-directory': '../other' }))).toThrow(
      "Input 'working-directory' has invalid value '../other': expected a folder inside the workspace",
    )
    expect(() => parseInputs(read({ reports: 'r', command: 'pytest "unclosed' }))).toThrow(
      "Input 'command' has invalid value 'pytest \"unclosed': expected every quote closed (a \" is not)",
    )
  })
})

describe('splitCommand', () => {
  it('splits one line on whitespace with quotes, and takes several lines as one argument each', () => {
    expect(splitCommand(`./scripts/test.sh --grep 'a b' ""`)).toEqual({
      executable: './scripts/test.sh',
      args: ['--grep', 'a b', ''],
    })
    expect(splitCommand('pytest\n-k\nnot slow and not db\n')).toEqual({
      executable: 'pytest',
      args: ['-k', 'not slow and not db'],
    })
  })
})
