import { UserError } from '@pipeline-kit/common'
import type { LinterDefinition } from './linters'
import {
  compileLineRegex,
  parseWithRegex,
  PARSER_NAMES,
  PARSERS,
  type OutputParser,
  type ParserName,
} from './parsers'

/**
 * A parser from a parser name or a regular expression with named groups (file, line and
 * message required); a UserError names `input` when it is neither.
 */
export function resolveParser(value: string, input: string): OutputParser {
  if ((PARSER_NAMES as readonly string[]).includes(value)) return PARSERS[value as ParserName]
  if (/^[a-z][a-z0-9-]*$/.test(value)) {
    throw new UserError(
      `Input '${input}' has invalid value '${value}': expected one of ${PARSER_NAMES.join(', ')}, or a regular expression with the named groups (?<file>…), (?<line>…) and (?<message>…)`,
    )
  }
  const regex = compileLineRegex(value, input)
  return (output, context) => parseWithRegex(output.stdout, regex, context)
}

export interface CustomLinterSpec {
  readonly name: string
  readonly command: readonly string[]
  readonly parser: OutputParser
  readonly parserName: string
}

/**
 * A linter from a user's command and parser. Exit 0 is clean; any other exit code is
 * "problems found" when the output names problems, else a crash.
 */
export function createCustomLinter(spec: CustomLinterSpec): LinterDefinition {
  const [executable, ...args] = spec.command
  if (!executable) throw new UserError("Input 'custom-command' is empty: give the command to run")
  return {
    name: spec.name,
    executable,
    source: 'npm',
    install: `install '${executable}' before this step or fix 'custom-command'`,
    args: () => args,
    cleanExitCodes: [0],
    findingExitCodes: 'any-other',
    format: spec.parserName,
    parse: spec.parser,
  }
}
