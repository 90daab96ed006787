import { UserError } from '@pipeline-kit/common'

/** An annotation a step printed (`::error file=a.ts,line=3::boom`). */
export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice'
  readonly message: string
  readonly file?: string
  readonly line?: number
  readonly col?: number
  readonly title?: string
}

/** What a step's stdout told the runner through workflow commands. */
export interface StepCommands {
  readonly annotations: Annotation[]
  readonly masks: string[]
  /** The output with command lines removed and `::group::` turned into headings. */
  readonly log: string[]
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** Reads the `::command props::message` lines of a step's output, as the runner does. */
export function parseStepOutput(stdout: string): StepCommands {
  const result: StepCommands = { annotations: [], masks: [], log: [] }
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) {
      result.log.push(line)
      continue
    }
    const [, command, props, rawMessage] = match
    const message = unescapeData(rawMessage ?? '')
    const properties: Record<string, string> = {}
    for (const pair of (props ?? '').split(',')) {
      const at = pair.indexOf('=')
      if (at > 0) properties[pair.slice(0, at).trim()] = unescapeProperty(pair.slice(at + 1))
    }
    if (command === 'error' || command === 'warning' || command === 'notice') {
      result.annotations.push({
        level: command,
        message,
        file: properties.file,
        line: properties.line ? Number(properties.line) : undefined,
        col: properties.col ? Number(properties.col) : undefined,
        title: properties.title,
      })
      result.log.push(`${command}: ${message}`)
    } else if (command === 'add-mask') {
      if (message) result.masks.push(message)
    } else if (command === 'group') {
      result.log.push(`▸ ${message}`)
    } else if (command !== 'endgroup' && command !== 'debug') {
      result.log.push(line)
    }
  }
  return result
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file: `name=value` lines and the
 * `name<<DELIMITER` … `DELIMITER` form; a malformed line or an unterminated block is a UserError.
 */
export function parseFileCommand(text: string, fileName: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '')
    if (!line) continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      const value: string[] = []
      for (i++; i < lines.length && lines[i]!.replace(/\r$/, '') !== delimiter; i++) value.push(lines[i]!)
      if (i >= lines.length)
        throw new UserError(`${fileName}: ${name}<<${delimiter} has no closing ${delimiter} line`)
      result[name] = value.join('\n')
      continue
    }
    if (eq <= 0)
      throw new UserError(`${fileName}: malformed line '${line}' (expected name=value or name<<DELIMITER)`)
    result[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return result
}

/** Replaces every mask value with ***. */
export function applyMasks(text: string, masks: readonly string[]): string {
  let out = text
  for (const mask of masks) if (mask) out = out.split(mask).join('***')
  return out
}
