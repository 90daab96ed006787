import {
  inputsFrom,
  UserError,
  invalid,
  splitCommandLine,
  type InputSource,
  type SecretInputs,
} from '@pipeline-kit/action-runtime'
import { DEFAULT_MAX_ANNOTATIONS } from '@pipeline-kit/check-run'
import type { FailOnCondition } from '@pipeline-kit/junit'

export interface TestCommand {
  readonly executable: string
  readonly args: readonly string[]
  readonly env: Readonly<Record<string, string>>
}

export interface TestInputs {
  readonly reports: readonly string[]
  readonly command?: TestCommand
  readonly workingDirectory: string
  readonly failOn: readonly FailOnCondition[]
  readonly minTests: number
  readonly githubToken?: string
  readonly checkName: string
  readonly resultsFile?: string
  /** Most annotations on the check run; the rest are listed in the job summary. */
  readonly maxAnnotations: number
  readonly failOnApiError: boolean
}

const FAIL_ON = ['failures', 'errors', 'exit-code', 'nothing'] as const

/** Inputs holding secrets: masked by runAction before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { 'github-token': 'value' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): TestInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const reports = input.list('reports')
  if (reports.length === 0)
    throw new UserError("Input 'reports' is required: give the JUnit XML files as globs")
  const commandText = input.optional('command')
  const env = input.map('env')
  const failOn = input.list('fail-on').map((word) => {
    if (!(FAIL_ON as readonly string[]).includes(word))
      throw invalid('fail-on', word, `one or more of ${FAIL_ON.join(', ')}`)
    return word as (typeof FAIL_ON)[number]
  })
  if (failOn.includes('nothing') && failOn.length > 1)
    throw invalid('fail-on', failOn.join(','), "'nothing' alone, or a list without it")
  const workingDirectory = input.string('working-directory', '.')
  if (workingDirectory.split(/[\\/]/).includes('..'))
    throw invalid('working-directory', workingDirectory, 'a folder inside the workspace')
  return {
    reports,
    command: commandText ? { ...splitCommand(commandText), env } : undefined,
    workingDirectory,
    failOn: (failOn.length ? failOn : ['failures']).filter((c): c is FailOnCondition => c !== 'nothing'),
    minTests: input.integer('min-tests', 1, { min: 0 }),
    githubToken: input.optional('github-token'),
    checkName: input.string('check-name', 'Test results'),
    resultsFile: input.optional('results-file'),
    maxAnnotations: input.integer('max-annotations', DEFAULT_MAX_ANNOTATIONS, { min: 0 }),
    failOnApiError: input.boolean('fail-on-api-error', false),
  }
}

/**
 * A command as an argument list, never through a shell: several lines are one argument
 * each; one line is split like a shell splits words (quotes, backslashes) and shell
 * operators are refused, since no shell runs it.
 */
export function splitCommand(text: string): { executable: string; args: string[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const words = lines.length > 1 ? lines : splitCommandLine('command', lines[0] ?? '')
  const [executable, ...args] = words
  if (!executable) throw invalid('command', text, 'a program and its arguments')
  return { executable, args }
}
