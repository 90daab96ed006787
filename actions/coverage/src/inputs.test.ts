import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead } from '../../../test/harness/declared-inputs'
import { parseInputs } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('coverage parseInputs', () => {
  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = {
      reports: 'coverage/lcov.info',
      'min-lines': '1',
      'min-branches': '1',
      'min-functions': '1',
      'min-file-lines': '1',
      'min-patch': '1',
      'fail-on-api-error': 'true',
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
      thresholds: { lines: 80, branches: undefined, functions: undefined, fileLines: undefined, patch: 90.5 },
      patchCoverage: true,
      comment: true,
      title: 'Coverage',
      baselineCache: true,
      baselineFile: undefined,
      failOnApiError: false,
    })
  })

  it('names the input, the value and what was expected', () => {
    expect(() => parseInputs(read({}))).toThrow("Input 'reports' is required but was empty")
    expect(() => parseInputs(read({ reports: 'x', 'min-lines': '120' }))).toThrow(
      "Input 'min-lines' has invalid value '120': expected a value from 0 to 100",
    )
    expect(() => parseInputs(read({ reports: 'x', 'min-branches': '80%' }))).toThrow(
      "Input 'min-branches' has invalid value '80%': expected a number from 0 to 100",
    )
    expect(() => parseInputs(read({ reports: 'x', comment: 'yes' }))).toThrow(
      "Input 'comment' has invalid value 'yes': expected true or false",
    )
  })
})
