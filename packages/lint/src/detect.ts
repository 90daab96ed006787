import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Why `auto` picked a linter: the file or section that gave it away. */
export interface DetectedLinter {
  readonly name: string
  readonly reason: string
}

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yml',
  '.eslintrc.yaml',
]
const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yml',
  '.prettierrc.yaml',
  '.prettierrc.json5',
  '.prettierrc.js',
  '.prettierrc.mjs',
  '.prettierrc.cjs',
  '.prettierrc.toml',
  'prettier.config.js',
  'prettier.config.mjs',
  'prettier.config.cjs',
  'prettier.config.ts',
]
const PYTHON_LOCKS = [
  'requirements.txt',
  'requirements-dev.txt',
  'dev-requirements.txt',
  'requirements/dev.txt',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'Pipfile',
  'pdm.lock',
]

function read(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'utf8')
  } catch {
    return undefined
  }
}

/** True when an INI/TOML text has a `[section]` header (exact, e.g. `tool.ruff` or `flake8`). */
function hasSection(text: string | undefined, section: string): boolean {
  if (!text) return false
  const escaped = section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^\\s*\\[${escaped}(\\.[^\\]]+)?\\]\\s*$`, 'm').test(text)
}

function mentionsPackage(text: string | undefined, pkg: string): boolean {
  if (!text) return false
  const escaped = pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|["'\\s/=])${escaped}(["'\\s=<>~!\\[;@]|$)`, 'mi').test(text)
}

function hasShellScripts(dir: string, depth = 0): boolean {
  if (depth > 4) return false
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return false
  }
  for (const entry of entries) {
    if (entry.isFile() && /\.(sh|bash)$/.test(entry.name)) return true
  }
  return entries.some(
    (e) =>
      e.isDirectory() &&
      !['node_modules', '.git', '.venv', 'venv', 'dist', 'build', '.tox'].includes(e.name) &&
      hasShellScripts(join(dir, e.name), depth + 1),
  )
}

/**
 * `linters: auto`: which linters a project uses, from its config files (eslint.config.*,
 * .prettierrc*, biome.json, ruff.toml, .flake8, mypy.ini, .bandit …), pyproject.toml /
 * setup.cfg / tox.ini sections, package.json dependencies, Python lockfiles and
 * requirement files, and shell scripts in the tree. Reads files; changes nothing.
 */
export function detectLinters(dir: string): DetectedLinter[] {
  const found: DetectedLinter[] = []
  const add = (name: string, reason: string | undefined) => {
    if (reason && !found.some((f) => f.name === name)) found.push({ name, reason })
  }
  const exists = (name: string) => existsSync(join(dir, name))
  const firstExisting = (names: readonly string[]) => names.find(exists)

  let pkg: {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
    eslintConfig?: unknown
    prettier?: unknown
  } = {}
  try {
    pkg = JSON.parse(read(dir, 'package.json') ?? '{}')
  } catch {}
  const deps = { ...pkg.dependencies, ...pkg.devDependencies }
  const pyproject = read(dir, 'pyproject.toml')
  const setupCfg = read(dir, 'setup.cfg')
  const toxIni = read(dir, 'tox.ini')
  const pyLocks = PYTHON_LOCKS.map((name) => ({ name, text: read(dir, name) })).filter(
    (l) => l.text !== undefined,
  )
  const fromPython = (tool: string) => {
    if (hasSection(pyproject, `tool.${tool}`)) return `pyproject.toml [tool.${tool}]`
    const lock = pyLocks.find((l) => mentionsPackage(l.text, tool))
    return lock ? `${lock.name} lists ${tool}` : undefined
  }

  add(
    'eslint',
    firstExisting(ESLINT_CONFIGS) ??
      (pkg.eslintConfig
        ? 'package.json eslintConfig'
        : deps.eslint
          ? 'package.json depends on eslint'
          : undefined),
  )
  add(
    'prettier',
    firstExisting(PRETTIER_CONFIGS) ??
      (pkg.prettier
        ? 'package.json prettier'
        : deps.prettier
          ? 'package.json depends on prettier'
          : undefined),
  )
  add(
    'biome',
    firstExisting(['biome.json', 'biome.jsonc']) ??
      (deps['@biomejs/biome'] ? 'package.json depends on @biomejs/biome' : undefined),
  )
  add('ruff', firstExisting(['ruff.toml', '.ruff.toml']) ?? fromPython('ruff'))
  add(
    'flake8',
    firstExisting(['.flake8']) ??
      (hasSection(setupCfg, 'flake8')
        ? 'setup.cfg [flake8]'
        : hasSection(toxIni, 'flake8')
          ? 'tox.ini [flake8]'
          : fromPython('flake8')),
  )
  add('black', fromPython('black'))
  add(
    'isort',
    firstExisting(['.isort.cfg']) ??
      (hasSection(setupCfg, 'isort') ? 'setup.cfg [isort]' : fromPython('isort')),
  )
  add(
    'mypy',
    firstExisting(['mypy.ini', '.mypy.ini']) ??
      (hasSection(setupCfg, 'mypy') ? 'setup.cfg [mypy]' : fromPython('mypy')),
  )
  add('bandit', firstExisting(['.bandit']) ?? fromPython('bandit'))
  add(
    'shellcheck',
    firstExisting(['.shellcheckrc']) ??
      (hasShellScripts(dir) ? 'shell scripts (*.sh) in the tree' : undefined),
  )
  return found
}
