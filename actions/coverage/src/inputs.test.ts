import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { parseInputs, SECRET_INPUTS } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('coverage parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('coverage', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = {
      reports: 'coverage/lcov.info',
      'min-lines': '1',
      'min-branches': '1',
      'min-functions': '1',
      'min-file-lines': '1',
      'min-patch': '1',
    }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('coverage').names)
    expect(declaredInputs('coverage').requiredWithDefault).toEqual([])
  })

  it('applies defaults and reads lists and thresholds', () => {
    const inputs = parseInputs(
      read({
        reports: 'a/lcov.info\n**/coverage.xml, !skip/**',
        'min-lines': '80',
        'min-patch': '90.5',
        'path-prefix': '/app/',
      }),
    )
    expect(inputs).toMatchObject({
      reports: ['a/lcov.info', '**/coverage.xml', '!skip/**'],
      pathPrefixes: ['/app/'],
      allowOutsideWorkspace: false,
      thresholds: {
        lines: { text: '80', units: 80n, decimals: 0 },
        branches: undefined,
        functions: undefined,
        fileLines: undefined,
        patch: { text: '90.5', units: 905n, decimals: 1 },
      },
      patchCoverage: true,
      comment: true,
      title: 'Coverage',
      baselineCache: true,
      baselineFile: undefined,
    })
  })

  it('keeps a threshold as the exact decimal written, never a float', () => {
    const inputs = parseInputs(read({ reports: 'x', 'min-lines': '66.67', 'min-file-lines': '57' }))
    expect(inputs.thresholds.lines).toEqual({ text: '66.67', units: 6667n, decimals: 2 })
    expect(inputs.thresholds.fileLines).toEqual({ text: '57', units: 57n, decimals: 0 })
    expect(parseInputs(read({ reports: 'x', 'allow-outside-workspace': 'true' })).allowOutsideWorkspace).toBe(
      true,
    )
  })

  it('names the input, the value and what was expected', () => {
    expect(() => parseInputs(read({}))).toThrow("Input 'reports' is required but was empty")
    expect(() => parseInputs(read({ reports: 'x', 'min-lines': '120' }))).toThrow(
      "Input 'min-lines' has invalid value '120': expected a value from 0 to 100",
    )
    expect(() => parseInputs(read({ reports: 'x', 'min-branches': '80%' }))).toThrow(
      "Input 'min-branches' has invalid value '80%': expected a number from 0 to 100",
    )
    expect(() => parseInputs(read({ reports: 'x', 'min-lines': '100.0000000000000001' }))).toThrow(
      "Input 'min-lines' has invalid value '100.0000000000000001': expected a value from 0 to 100",
    )
    expect(() => parseInputs(read({ reports: 'x', 'allow-outside-workspace': 'sure' }))).toThrow(
      "Input 'allow-outside-workspace' has invalid value 'sure': expected true or false",
    )
    expect(() => parseInputs(read({ reports: 'x', comment: 'yes' }))).toThrow(
      "Input 'comment' has invalid value 'yes': expected true or false",
    )
  })
})
