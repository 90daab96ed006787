import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { parseInputs, SECRET_INPUTS } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const base = { 'github-token': 'ghs_x', 'build-command': 'pnpm build', 'dist-paths': 'dist' }

describe('release parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('release', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = { ...base, version: '1.0.0', changelog: 'CHANGELOG.md' }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('release').names)
    expect(declaredInputs('release').requiredWithDefault).toEqual([])
  })

  it('parses commands into argument arrays and lists', () => {
    const inputs = parseInputs(
      read({
        ...base,
        'build-command': 'npm run "bundle all"',
        'dist-paths': 'dist\nactions/*/dist',
        'release-branches': 'releases/v*, hotfix',
        'allow-older': 'true',
        'dry-run': 'True',
      }),
    )
    expect(inputs).toMatchObject({
      token: 'ghs_x',
      buildCommand: ['npm', 'run', 'bundle all'],
      verifyCommand: undefined,
      distPaths: ['dist', 'actions/*/dist'],
      releaseBranches: ['releases/v*', 'hotfix'],
      allowOlder: true,
      dryRun: true,
      version: undefined,
      changelog: undefined,
    })
  })

  it('needs exactly one way to verify the bundles', () => {
    expect(() => parseInputs(read({ 'github-token': 't' }))).toThrow(
      "Inputs 'build-command' and 'verify-command' are both empty",
    )
    expect(() => parseInputs(read({ ...base, 'verify-command': 'make check' }))).toThrow(
      "Give either 'build-command' or 'verify-command', not both",
    )
    expect(parseInputs(read({ 'github-token': 't', 'verify-command': 'make check' })).verifyCommand).toEqual([
      'make',
      'check',
    ])
  })

  it('names the bad input', () => {
    expect(() => parseInputs(read({ ...base, 'build-command': 'npm ci && npm run build' }))).toThrow(
      "Input 'build-command' has invalid value 'npm ci && npm run build'",
    )
    expect(() => parseInputs(read({ ...base, 'dry-run': 'yes' }))).toThrow(
      "Input 'dry-run' has invalid value 'yes': expected true or false",
    )
    expect(() => parseInputs(read({ ...base, 'github-token': '' }))).toThrow(
      "Input 'github-token' is required but was empty",
    )
  })
})
