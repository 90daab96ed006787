import type { ParseContext, ParseResult } from './context'
import { parseCheckstyle } from './checkstyle'
import { parseEslintJson } from './eslint-json'
import { parseFormatterDiff, parsePrettierOutput } from './formatter'
import { parseSarif } from './sarif'
import { parseMypyOutput, parseTextLines, parseTscOutput } from './text'
import { parseBanditJson, parseRuffJson, parseShellcheckJson } from './tool-json'

/** What a tool printed. */
export interface ToolOutput {
  readonly stdout: string
  readonly stderr: string
}

export type OutputParser = (output: ToolOutput, context: ParseContext) => ParseResult

/**
 * The output formats a `custom` linter can name, each reading the tool's stdout:
 * the machine-readable formats the built-in linters ask for.
 */
export const PARSERS = {
  'eslint-json': (o, c) => parseEslintJson(o.stdout, c, `${c.tool} output`),
  sarif: (o, c) => parseSarif(o.stdout, { ...c, toolFromReport: false }, `${c.tool} output`),
  checkstyle: (o, c) => parseCheckstyle(o.stdout, c),
  text: (o, c) => parseTextLines(o.stdout, c),
  tsc: (o, c) => parseTscOutput(o.stdout, c),
  mypy: (o, c) => parseMypyOutput(o.stdout, c),
  'shellcheck-json': (o, c) => parseShellcheckJson(o.stdout, c),
  'bandit-json': (o, c) => parseBanditJson(o.stdout, c),
  'ruff-json': (o, c) => parseRuffJson(o.stdout, c),
  diff: (o, c) => parseFormatterDiff(o.stdout, c, c.tool),
  'file-list': (o, c) => parsePrettierOutput(o.stdout, '', c),
} satisfies Record<string, OutputParser>

export type ParserName = keyof typeof PARSERS

export const PARSER_NAMES = Object.keys(PARSERS) as ParserName[]

export { parseCheckstyle, parseCheckstyleFile } from './checkstyle'
export { parseEslintJson } from './eslint-json'
export { parseFormatterDiff, parsePrettierOutput } from './formatter'
export { parseSarif } from './sarif'
export {
  parseTextLines,
  parseTscOutput,
  parseMypyOutput,
  parseWithRegex,
  compileLineRegex,
  severityFromWord,
  REQUIRED_GROUPS,
  OPTIONAL_GROUPS,
} from './text'
export { parseBanditJson, parseRuffJson, parseShellcheckJson } from './tool-json'
export { positive, type ParseContext, type ParseResult } from './context'
