import {
  inputsFrom,
  UserError,
  invalid,
  splitCommandLine,
  type InputSource,
  type SecretInputs,
} from '@pipeline-kit/action-runtime'
import { DEFAULT_MAX_ANNOTATIONS } from '@pipeline-kit/check-run'
import {
  createCustomLinter,
  LINTER_NAMES,
  resolveParser,
  type FailLevel,
  type LinterDefinition,
  type OnlyChanged,
} from '@pipeline-kit/lint'

export interface LintInputs {
  /** Linter names as given (`auto` still unexpanded), without duplicates. */
  readonly linters: readonly string[]
  readonly workingDirectory: string
  readonly onlyChanged: OnlyChanged
  readonly failLevel: FailLevel
  readonly fix: boolean
  readonly sarifPatterns: readonly string[]
  readonly custom?: LinterDefinition
  readonly timeoutMs: number
  readonly outputDir?: string
  readonly token?: string
  readonly checkName: string
  /** Most annotations on the check run; the rest are listed in the job summary. */
  readonly maxAnnotations: number
  readonly failOnApiError: boolean
}

const ONLY_CHANGED: Record<string, OnlyChanged> = {
  false: 'off',
  False: 'off',
  FALSE: 'off',
  off: 'off',
  true: 'lines',
  True: 'lines',
  TRUE: 'lines',
  lines: 'lines',
  files: 'files',
}

/** Inputs holding secrets: masked by runAction before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { 'github-token': 'value' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): LintInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const linters = [...new Set(input.list('linters'))]
  const onlyChangedRaw = input.string('only-changed', 'false')
  const failLevel = input.enum('fail-level', ['error', 'warning', 'none'], 'error')
  const fix = input.boolean('fix', false)
  const sarifPatterns = input.list('sarif-files', 'lines')
  const customCommand = input.optional('custom-command')
  const customParser = input.string('custom-parser', 'text')
  const customName = input.string('custom-name', 'custom')
  const timeoutMs = input.duration('timeout', 600_000, { min: 1000, max: 6 * 3_600_000 })
  const workingDirectory = input.string('working-directory', '.')
  const outputDir = input.optional('output-dir')
  const token = input.optional('github-token')
  const checkName = input.string('check-name', 'Lint')

  if (linters.length === 0) linters.push('auto')
  const allowed = ['auto', ...LINTER_NAMES] as readonly string[]
  for (const name of linters) {
    if (!allowed.includes(name)) throw invalid('linters', name, `linter names among ${allowed.join(', ')}`)
  }
  const onlyChanged = ONLY_CHANGED[onlyChangedRaw]
  if (!onlyChanged) throw invalid('only-changed', onlyChangedRaw, 'false, lines (or true) or files')
  if (linters.includes('sarif') && sarifPatterns.length === 0) {
    throw new UserError(
      "Input 'sarif-files' is empty but linters includes sarif: give the SARIF files to read",
    )
  }
  if (!/^[\w.-]+$/.test(customName))
    throw invalid('custom-name', customName, 'a tool name of letters, digits, . _ -')
  let custom: LinterDefinition | undefined
  if (customCommand) {
    if (!linters.includes('custom')) linters.push('custom')
    custom = createCustomLinter({
      name: customName,
      command: splitCommandLine('custom-command', customCommand),
      parser: resolveParser(customParser, 'custom-parser'),
      parserName: customParser,
    })
  } else if (linters.includes('custom')) {
    throw new UserError(
      "Input 'custom-command' is empty but linters includes custom: give the command to run",
    )
  }
  if (workingDirectory.split(/[\\/]/).includes('..')) {
    throw invalid('working-directory', workingDirectory, 'a folder inside the workspace')
  }
  return {
    linters,
    workingDirectory,
    onlyChanged,
    failLevel,
    fix,
    sarifPatterns,
    custom,
    timeoutMs,
    outputDir,
    token,
    checkName,
    maxAnnotations: input.integer('max-annotations', DEFAULT_MAX_ANNOTATIONS, { min: 0 }),
    failOnApiError: input.boolean('fail-on-api-error', false),
  }
}
