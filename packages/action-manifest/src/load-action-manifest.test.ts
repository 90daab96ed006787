import { describe, expect, it } from 'vitest'
import { ActionManifestError, checkActionManifest, loadActionManifest } from './index'

const runs = 'runs:\n  using: node24\n  main: dist/index.js\n'

/** The runner's error lines for an action.yml. */
const errorsOf = (text: string): readonly string[] => checkActionManifest(text, 'action.yml').errors

describe('checkActionManifest applies the runner’s action schema', () => {
  it.each([
    [
      'an expression in the description',
      `name: X\ndescription: 'Uses \${{ github.token }}'\n${runs}`,
      "action.yml (Line: 2, Col: 14): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token",
    ],
    [
      'an expression in an input description',
      `inputs:\n  token:\n    description: e.g. \${{ github.token }}\n${runs}`,
      "action.yml (Line: 3, Col: 18): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token",
    ],
    [
      'an expression in the name',
      `name: \${{ inputs.x }}\n${runs}`,
      "action.yml (Line: 1, Col: 7): Unrecognized named-value: 'inputs'. Located at position 1 within expression: inputs.x",
    ],
    [
      'secrets in an input default',
      `inputs:\n  token:\n    default: \${{ secrets.GITHUB_TOKEN }}\n${runs}`,
      "action.yml (Line: 3, Col: 14): Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.GITHUB_TOKEN",
    ],
    [
      'env in an input default',
      `inputs:\n  dir:\n    default: '\${{ github.workspace }}/\${{ env.OUT }}'\n${runs}`,
      "action.yml (Line: 3, Col: 14): Unrecognized named-value: 'env'. Located at position 1 within expression: env.OUT",
    ],
    [
      'a status function in an input default',
      `inputs:\n  x:\n    default: \${{ success() }}\n${runs}`,
      "action.yml (Line: 3, Col: 14): Unrecognized function: 'success'. Located at position 1 within expression: success()",
    ],
    [
      'hashFiles without its pattern',
      `inputs:\n  x:\n    default: \${{ hashFiles() }}\n${runs}`,
      "action.yml (Line: 3, Col: 14): Too few parameters supplied: 'hashFiles'. Located at position 1 within expression: hashFiles()",
    ],
    [
      'the position of the refused named-value inside a longer expression',
      `inputs:\n  x:\n    default: \${{ github.ref == 'main' && vars.X }}\n${runs}`,
      "action.yml (Line: 3, Col: 14): Unrecognized named-value: 'vars'. Located at position 25 within expression: github.ref == 'main' && vars.X",
    ],
    [
      'an expression in a value without context (required)',
      `inputs:\n  x:\n    required: \${{ true }}\n${runs}`,
      'action.yml (Line: 3, Col: 15): A template expression is not allowed in this context',
    ],
    [
      'an unclosed expression',
      `description: 'a \${{ github.token'\n${runs}`,
      'action.yml (Line: 1, Col: 14): The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.',
    ],
    [
      'an unknown key in runs',
      `${runs}  entry: x\n`,
      "action.yml (Line: 4, Col: 3): Unexpected value 'entry'",
    ],
    [
      'an unknown key in an output',
      `outputs:\n  x:\n    description: y\n    default: z\n${runs}`,
      "action.yml (Line: 4, Col: 5): Unexpected value 'default'",
    ],
    [
      'a duplicate key',
      `name: a\nname: b\n${runs}`,
      "action.yml (Line: 2, Col: 1): 'name' is already defined",
    ],
    [
      'post-if written as an expression (it is a bare condition)',
      `${runs}  post: dist/index.js\n  post-if: \${{ always() }}\n`,
      "action.yml (Line: 5, Col: 12): Unrecognized function: 'always'. Located at position 1 within expression: always()",
    ],
    [
      'secrets in a container argument',
      "runs:\n  using: docker\n  image: Dockerfile\n  args: ['${{ secrets.X }}']\n",
      "action.yml (Line: 4, Col: 10): Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.X",
    ],
    [
      'a composite step that is neither run nor uses',
      'runs:\n  using: composite\n  steps:\n    - name: x\n',
      "action.yml (Line: 4, Col: 7): There's not enough info to determine what you meant. Add one of these properties: run, shell, uses, with, working-directory",
    ],
    [
      'a composite run step without shell',
      'runs:\n  using: composite\n  steps:\n    - run: echo hi\n',
      'action.yml (Line: 4, Col: 7): Required property is missing: shell',
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(errorsOf(text)).toEqual([message])
  })

  it.each([['node12'], ['node16'], ['node20'], ['node24'], ['Node24']])(
    'accepts runs.using %s with main',
    (using) => {
      expect(errorsOf(`runs:\n  using: ${using}\n  main: index.js\n`)).toEqual([])
    },
  )

  it.each([
    [
      'runs.using node99',
      'runs:\n  using: node99\n  main: index.js\n',
      "System.ArgumentOutOfRangeException: Specified argument was out of the range of valid values. (Parameter ''using: node99' is not supported, use 'docker', 'node12', 'node16', 'node20' or 'node24' instead.')",
    ],
    [
      'a docker action without image',
      'runs:\n  using: docker\n  entrypoint: /run.sh\n',
      "System.ArgumentNullException: Value cannot be null. (Parameter 'You are using a Container Action but an image is not provided in action.yml.')",
    ],
    [
      'runs without using',
      'runs:\n  main: index.js\n',
      "System.NotSupportedException: Missing 'using' value. 'using' requires 'composite', 'docker', 'node12', 'node16', 'node20' or 'node24'.",
    ],
    ['no runs at all', 'name: X\n', "Top level 'runs:' section is required for action.yml"],
  ])('refuses %s as ConvertRuns does', (_what, text, message) => {
    expect(errorsOf(text)).toEqual([message])
  })

  it('names both problems of an action whose runs has using alone', () => {
    expect(errorsOf('runs:\n  using: node24\n')).toEqual([
      "action.yml (Line: 2, Col: 3): There's not enough info to determine what you meant. Add one of these properties: args, entrypoint, env, image, main, post, post-entrypoint, pre, pre-entrypoint, steps",
      "System.ArgumentNullException: Value cannot be null. (Parameter 'You are using a JavaScript Action but there is not an entry JavaScript file provided in action.yml.')",
    ])
    expect(errorsOf('runs:\n  using: composite\n')).toEqual([
      "action.yml (Line: 2, Col: 3): There's not enough info to determine what you meant. Add one of these properties: args, entrypoint, env, image, main, post, post-entrypoint, pre, pre-entrypoint, steps",
      "System.ArgumentNullException: Value cannot be null. (Parameter 'You are using a composite action but there are no steps provided in action.yml.')",
    ])
  })

  it('refuses an empty runs.main in the schema and in ConvertRuns', () => {
    expect(errorsOf("runs:\n  using: node24\n  main: ''\n")).toEqual([
      "action.yml (Line: 3, Col: 9): Unexpected value ''",
      "System.ArgumentNullException: Value cannot be null. (Parameter 'You are using a JavaScript Action but there is not an entry JavaScript file provided in action.yml.')",
    ])
  })

  it('refuses an escaped literal that is only part of a value (it becomes format())', () => {
    expect(errorsOf(`description: "A \${{ '\${{' }} inside"\n${runs}`)).toEqual([
      'action.yml (Line: 1, Col: 14): A template expression is not allowed in this context',
    ])
  })

  it('accepts every context the schema gives each value', () => {
    const text = `name: Fine
description: "\${{ '\${{ kept as text }}' }}"
author: \${{ 'anyone' }}
inputs:
  token:
    description: A token
    required: false
    default: \${{ github.token }}
  os:
    default: '\${{ runner.os }}-\${{ matrix.node }}-\${{ strategy.job-index }}-\${{ job.status }}'
  key:
    default: \${{ hashFiles('**/package-lock.json') }}
  upper:
    default: \${{ toJSON(fromJSON('[1]')) }}
outputs:
  out:
    description: From a step
    value: \${{ steps.a.outputs.b || inputs.token || env.X }}
runs:
  using: composite
  steps:
    - id: a
      if: \${{ always() && !cancelled() && inputs.token != '' }}
      run: echo "\${{ inputs.token }}" "\${{ hashFiles('x') }}"
      shell: bash
      env:
        X: \${{ steps.a.outputs.b }}
      continue-on-error: \${{ inputs.token == '' }}
    - uses: actions/cache@v4
      with:
        key: \${{ runner.os }}-\${{ inputs.key }}
`
    expect(errorsOf(text)).toEqual([])
  })

  it('loadActionManifest returns the manifest, or throws the runner’s log ending in Failed to load', () => {
    expect(loadActionManifest(`name: X\n${runs}`, 'action.yml')).toMatchObject({ name: 'X' })
    const refuse = () => loadActionManifest(`description: \${{ github.token }}\n${runs}`, 'o/r/v1/action.yml')
    expect(refuse).toThrow(ActionManifestError)
    expect(refuse).toThrow(
      "o/r/v1/action.yml (Line: 1, Col: 14): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token\nFailed to load o/r/v1/action.yml",
    )
  })

  it('reports YAML that does not parse, with its position', () => {
    const [error] = errorsOf('name: [unclosed\nruns: x\n')
    expect(error).toMatch(/^action\.yml \(Line: \d+, Col: \d+\): /)
  })
})
