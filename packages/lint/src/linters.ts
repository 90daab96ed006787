import type { ParseContext, ParseResult } from './parsers/context'
import {
  PARSERS,
  parseFormatterDiff,
  parsePrettierOutput,
  parseSarif,
  parseTextLines,
  type ToolOutput,
} from './parsers'
import type { Diagnostic } from './model'

/** How a linter is run and read. Commands are argument arrays, never shell strings. */
export interface LinterDefinition {
  readonly name: string
  /** The executable to look for (in node_modules/.bin first for npm tools, then on PATH). */
  readonly executable: string
  readonly source: 'npm' | 'system'
  /** How to install it, for the message when it is missing. */
  readonly install: string
  /** Arguments for a check run; `files` is set for linters that need explicit files. */
  args(files: readonly string[]): readonly string[]
  /** Arguments that make the tool fix what it can in place; undefined when it cannot. */
  readonly fixArgs?: readonly string[]
  /** Globs of the files it needs listed (shellcheck); undefined means it walks `.` itself. */
  readonly filePatterns?: readonly string[]
  /** Exit codes meaning "ran and found nothing"; others in findingExitCodes mean "found problems". */
  readonly cleanExitCodes: readonly number[]
  readonly findingExitCodes: readonly number[] | 'any-other'
  /** The output format, for the summary and the JSON report. */
  readonly format: string
  parse(output: ToolOutput, context: ParseContext): ParseResult
}

const NPM_INSTALL = (pkg: string) =>
  `add it to the project's devDependencies (npm install --save-dev ${pkg}, or pnpm add -D ${pkg}) and install dependencies before this step`
const PY_INSTALL = (pkg: string, apt = pkg) =>
  `install it before this step: pip install ${pkg} (or pipx install ${pkg}; on Debian/Ubuntu apt-get install ${apt})`

const BLACK_ERROR =
  /^error: cannot format (?<file>.+?): Cannot parse[^:]*: (?<line>\d+):(?<column>\d+): ?(?<message>.*)$/

function parseBlack(output: ToolOutput, context: ParseContext): ParseResult {
  const diff = parseFormatterDiff(output.stdout, context, 'black')
  const errors: Diagnostic[] = []
  for (const raw of output.stderr.split(/\r?\n/)) {
    const g = BLACK_ERROR.exec(raw.trim())?.groups
    if (!g) continue
    errors.push({
      tool: context.tool,
      rule: 'syntax-error',
      severity: 'error',
      file: context.toPath(g.file!),
      line: Number(g.line) || undefined,
      column: Number(g.column) || undefined,
      message: `black cannot parse this file: ${g.message || 'syntax error'}`,
      fixable: false,
    })
  }
  return { ...diff, diagnostics: [...diff.diagnostics, ...errors] }
}

/** The built-in linters, by the name users write in `linters`. */
export const LINTERS: Readonly<Record<string, LinterDefinition>> = {
  eslint: {
    name: 'eslint',
    executable: 'eslint',
    source: 'npm',
    install: NPM_INSTALL('eslint'),
    args: () => ['--format', 'json', '--no-error-on-unmatched-pattern', '.'],
    fixArgs: ['--fix', '--no-error-on-unmatched-pattern', '.'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'ESLint JSON',
    parse: PARSERS['eslint-json'],
  },
  prettier: {
    name: 'prettier',
    executable: 'prettier',
    source: 'npm',
    install: NPM_INSTALL('prettier'),
    args: () => ['--list-different', '--no-error-on-unmatched-pattern', '.'],
    fixArgs: ['--write', '--no-error-on-unmatched-pattern', '.'],
    cleanExitCodes: [0],
    // 2: a file could not be parsed; that is a finding when it names the file.
    findingExitCodes: [1, 2],
    format: 'file list',
    parse: (o, c) => parsePrettierOutput(o.stdout, o.stderr, c),
  },
  biome: {
    name: 'biome',
    executable: 'biome',
    source: 'npm',
    install: NPM_INSTALL('@biomejs/biome'),
    args: () => ['lint', '--reporter=sarif', '--max-diagnostics=none', '--colors=off', '.'],
    fixArgs: ['lint', '--write', '--colors=off', '.'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'SARIF',
    parse: (o, c) => parseSarif(o.stdout, c, 'biome output'),
  },
  ruff: {
    name: 'ruff',
    executable: 'ruff',
    source: 'system',
    install: PY_INSTALL('ruff', 'ruff (Debian 13 and later)'),
    args: () => ['check', '--output-format=json', '--no-fix', '.'],
    fixArgs: ['check', '--fix', '.'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'JSON',
    parse: PARSERS['ruff-json'],
  },
  flake8: {
    name: 'flake8',
    executable: 'flake8',
    source: 'system',
    install: PY_INSTALL('flake8'),
    args: () => ['--format=default', '.'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'text',
    parse: (o, c) => parseTextLines(o.stdout, { ...c, defaultSeverity: 'error' }),
  },
  black: {
    name: 'black',
    executable: 'black',
    source: 'system',
    install: PY_INSTALL('black'),
    args: () => ['--check', '--diff', '--quiet', '.'],
    fixArgs: ['--quiet', '.'],
    cleanExitCodes: [0],
    // 123: a file could not be parsed (reported as a finding when black names it).
    findingExitCodes: [1, 123],
    format: 'diff',
    parse: parseBlack,
  },
  isort: {
    name: 'isort',
    executable: 'isort',
    source: 'system',
    install: PY_INSTALL('isort'),
    args: () => ['--check-only', '--diff', '.'],
    fixArgs: ['.'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'diff',
    parse: (o, c) => parseFormatterDiff(o.stdout, c, 'isort'),
  },
  mypy: {
    name: 'mypy',
    executable: 'mypy',
    source: 'system',
    install: PY_INSTALL('mypy'),
    args: () => [
      '--show-column-numbers',
      '--show-error-codes',
      '--no-error-summary',
      '--no-color-output',
      '--no-pretty',
      '.',
    ],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'text',
    parse: PARSERS.mypy,
  },
  bandit: {
    name: 'bandit',
    executable: 'bandit',
    source: 'system',
    install: PY_INSTALL('bandit', 'python3-bandit'),
    args: () => ['-r', '.', '-f', 'json', '-q', '-x', './node_modules,./.git,./.venv,./venv,./.tox'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'JSON',
    parse: PARSERS['bandit-json'],
  },
  shellcheck: {
    name: 'shellcheck',
    executable: 'shellcheck',
    source: 'system',
    install:
      'install it before this step: apt-get install shellcheck (it is preinstalled on GitHub-hosted Ubuntu runners)',
    args: (files) => ['-f', 'json1', ...files],
    filePatterns: ['**/*.sh', '**/*.bash', '!**/.git/**'],
    cleanExitCodes: [0],
    findingExitCodes: [1],
    format: 'JSON',
    parse: PARSERS['shellcheck-json'],
  },
}

/** Every name `linters` accepts: the built-ins, `sarif` (ingest files) and `custom`. */
export const LINTER_NAMES = [...Object.keys(LINTERS), 'sarif', 'custom'] as const
