import { describe, expect, it } from 'vitest'
import { LINTER_NAMES, LINTERS } from './linters'

describe('built-in linters', () => {
  it('build argument arrays that ask for machine-readable output', () => {
    const commands = Object.fromEntries(
      Object.values(LINTERS).map((l) => [l.name, [l.executable, ...l.args(['a.sh', 'b c.sh'])]]),
    )
    expect(commands).toEqual({
      eslint: ['eslint', '--format', 'json', '--no-error-on-unmatched-pattern', '.'],
      prettier: ['prettier', '--list-different', '--no-error-on-unmatched-pattern', '.'],
      biome: ['biome', 'lint', '--reporter=sarif', '--max-diagnostics=none', '--colors=off', '.'],
      ruff: ['ruff', 'check', '--output-format=json', '--no-fix', '.'],
      flake8: ['flake8', '--format=default', '.'],
      black: ['black', '--check', '--diff', '--quiet', '.'],
      isort: ['isort', '--check-only', '--diff', '.'],
      mypy: [
        'mypy',
        '--show-column-numbers',
        '--show-error-codes',
        '--no-error-summary',
        '--no-color-output',
        '--no-pretty',
        '.',
      ],
      bandit: ['bandit', '-r', '.', '-f', 'json', '-q', '-x', './node_modules,./.git,./.venv,./venv,./.tox'],
      // A file name with a space stays one argument: nothing goes through a shell.
      shellcheck: ['shellcheck', '-f', 'json1', 'a.sh', 'b c.sh'],
    })
  })

  it('fix only with the tools that have a fixer', () => {
    expect(
      Object.values(LINTERS)
        .filter((l) => l.fixArgs)
        .map((l) => l.name),
    ).toEqual(['eslint', 'prettier', 'biome', 'ruff', 'black', 'isort'])
    expect(LINTERS.ruff!.fixArgs).toEqual(['check', '--fix', '.'])
  })

  it('name every linter the linters input accepts', () => {
    expect(LINTER_NAMES).toEqual([...Object.keys(LINTERS), 'sarif', 'custom'])
    for (const l of Object.values(LINTERS)) expect(l.install).toMatch(/install/)
  })
})
