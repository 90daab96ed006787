/** A workflow command the action printed, e.g. `::error file=a.ts,line=3::boom`. */
export interface WorkflowCommand {
  readonly command: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
}

/** An annotation as the runner would show it. */
export interface ParsedAnnotation {
  readonly level: 'error' | 'warning' | 'notice'
  readonly message: string
  readonly file?: string
  readonly line?: number
  readonly endLine?: number
  readonly col?: number
  readonly endColumn?: number
  readonly title?: string
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** Parses every `::command props::message` line of a step's stdout, as the runner does. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!match) continue
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').split(',')) {
      const at = pair.indexOf('=')
      if (at > 0) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3] ?? '') })
  }
  return commands
}

/** The error/warning/notice commands as annotations. */
export function toAnnotations(commands: readonly WorkflowCommand[]): ParsedAnnotation[] {
  return commands
    .filter((c): c is WorkflowCommand & { command: ParsedAnnotation['level'] } =>
      ['error', 'warning', 'notice'].includes(c.command),
    )
    .map((c) => ({
      level: c.command,
      message: c.message,
      file: c.properties.file,
      line: c.properties.line ? Number(c.properties.line) : undefined,
      endLine: c.properties.endLine ? Number(c.properties.endLine) : undefined,
      col: c.properties.col ? Number(c.properties.col) : undefined,
      endColumn: c.properties.endColumn ? Number(c.properties.endColumn) : undefined,
      title: c.properties.title,
    }))
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file: `name=value` lines and the
 * multi-line `name<<DELIMITER` … `DELIMITER` form.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!line) continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc && !line.slice(0, line.indexOf('<<')).includes('=')) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} in file command`)
      result[name!] = value.join('\n')
      continue
    }
    const at = line.indexOf('=')
    if (at <= 0) throw new Error(`malformed file command line: ${line}`)
    result[line.slice(0, at)] = line.slice(at + 1)
  }
  return result
}
