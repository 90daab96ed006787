import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import { detectLinters } from './detect'
import { resolveLinterNames } from './lint-project'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-lint-detect-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

describe('detectLinters', () => {
  it('reads config files, pyproject sections, setup.cfg, lockfiles and shell scripts', () => {
    const dir = project({
      'eslint.config.mjs': 'export default []',
      'package.json': JSON.stringify({ devDependencies: { prettier: '3.0.0' } }),
      'pyproject.toml': '[tool.black]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["E"]\n',
      'setup.cfg': '[flake8]\nmax-line-length = 100\n[mypy]\nstrict = True\n',
      'poetry.lock': '[[package]]\nname = "bandit"\nversion = "1.7.0"\n',
      'requirements-dev.txt': 'isort==5.12.0\n',
      'deploy/run.sh': 'echo hi\n',
      'node_modules/x/y.sh': 'ignored\n',
    })
    expect(detectLinters(dir)).toEqual([
      { name: 'eslint', reason: 'eslint.config.mjs' },
      { name: 'prettier', reason: 'package.json depends on prettier' },
      { name: 'ruff', reason: 'pyproject.toml [tool.ruff]' },
      { name: 'flake8', reason: 'setup.cfg [flake8]' },
      { name: 'black', reason: 'pyproject.toml [tool.black]' },
      { name: 'isort', reason: 'requirements-dev.txt lists isort' },
      { name: 'mypy', reason: 'setup.cfg [mypy]' },
      { name: 'bandit', reason: 'poetry.lock lists bandit' },
      { name: 'shellcheck', reason: 'shell scripts (*.sh) in the tree' },
    ])
  })

  it('finds nothing in an empty folder and does not mistake look-alike names', () => {
    expect(detectLinters(project({}))).toEqual([])
    expect(
      detectLinters(
        project({ 'requirements.txt': 'blackjack==1.0\nflake8-docstrings==1\n', 'node_modules/a.sh': '' }),
      ),
    ).toEqual([])
  })

  it('expands auto next to explicit names, once each, and logs why', () => {
    const dir = project({ 'biome.json': '{}', '.shellcheckrc': '' })
    const log = createRecordingLogger()
    expect(resolveLinterNames(['shellcheck', 'auto', 'sarif'], dir, log)).toEqual([
      'shellcheck',
      'biome',
      'sarif',
    ])
    expect(log.lines.map((l) => l.message)).toEqual([
      'auto: biome (biome.json)',
      'auto: shellcheck (.shellcheckrc)',
    ])
    const empty = createRecordingLogger()
    expect(resolveLinterNames(['auto'], project({}), empty)).toEqual([])
    expect(empty.lines[0]).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('auto found no linter'),
    })
  })
})
