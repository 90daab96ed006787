import { UserError } from '@pipeline-kit/common'

/** An annotation a step printed (`::error file=a.ts,line=3::boom`). */
export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice'
  readonly message: string
  readonly file?: string
  readonly line?: number
  readonly endLine?: number
  readonly col?: number
  readonly endColumn?: number
  readonly title?: string
}

/** One `::command props::message` line, unescaped. */
export interface WorkflowCommand {
  readonly command: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
}

/** What a step's output told the runner through workflow commands. */
export interface StepCommands {
  /** The step's annotations, then the runner's own warnings and errors about the commands. */
  readonly annotations: Annotation[]
  readonly masks: string[]
  /** The output with command lines removed and `::group::` turned into headings. */
  readonly log: string[]
  /** `::set-output` (deprecated; the GITHUB_OUTPUT file wins over it). */
  readonly outputs: Record<string, string>
  /** `::save-state` (deprecated; the GITHUB_STATE file wins over it). */
  readonly state: Record<string, string>
  /** `::set-env`, when ACTIONS_ALLOW_UNSECURE_COMMANDS allows it. */
  readonly env: Record<string, string>
  /** `::add-path`, when ACTIONS_ALLOW_UNSECURE_COMMANDS allows it, in the order given. */
  readonly path: string[]
  /** Commands the runner could not process: each fails the step. */
  readonly failures: string[]
}

/** What the step's environment allows (the runner reads both from the env context too). */
export interface CommandOptions {
  /** ACTIONS_ALLOW_UNSECURE_COMMANDS=true: `set-env` and `add-path` are honoured. */
  readonly allowUnsecureCommands?: boolean
  /** ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS=true: any `stop-commands` token is accepted. */
  readonly allowUnsecureStopTokens?: boolean
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** The commands the runner registers; other `::x::` lines are plain output. */
const COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
])
/** Commands whose line is never echoed (add-mask echoes `::add-mask::***`). */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice'])

const deprecated = (command: string) =>
  `The \`${command}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/`
const disabled = (command: string) =>
  `The \`${command}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/`
const STOP_TOKEN_REFUSED =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`."

/** Parses one `::command props::message` line; undefined for any other line. */
export function parseCommandLine(line: string): WorkflowCommand | undefined {
  const match = /^::([a-zA-Z0-9_-]+)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!match) return undefined
  const properties: Record<string, string> = {}
  for (const pair of (match[2] ?? '').split(',')) {
    const at = pair.indexOf('=')
    if (at > 0) properties[pair.slice(0, at).trim()] = unescapeProperty(pair.slice(at + 1))
  }
  return { command: match[1]!, properties, message: unescapeData(match[3] ?? '') }
}

/** An error, warning or notice command as the annotation the runner shows. */
export function commandAnnotation(command: WorkflowCommand & { command: Annotation['level'] }): Annotation {
  const number = (name: string) =>
    command.properties[name] !== undefined ? Number(command.properties[name]) : undefined
  return {
    level: command.command,
    message: command.message,
    file: command.properties.file,
    line: number('line'),
    endLine: number('endLine'),
    col: number('col'),
    endColumn: number('endColumn'),
    title: command.properties.title,
  }
}

/**
 * Processes a step's output as the runner's ActionCommandManager does: annotations,
 * masks, groups, the deprecated `set-output`/`save-state` (honoured, with GitHub's
 * warning), `set-env`/`add-path` refused unless allowed, `stop-commands` … `::<token>::`,
 * `echo on|off`. A command the runner cannot process fails the step.
 */
export function parseStepOutput(text: string, options: CommandOptions = {}): StepCommands {
  const result: StepCommands = {
    annotations: [],
    masks: [],
    log: [],
    outputs: {},
    state: {},
    env: {},
    path: [],
    failures: [],
  }
  const fail = (line: string, message: string) => {
    result.annotations.push(
      { level: 'error', message: `Unable to process command '${line}' successfully.` },
      { level: 'error', message },
    )
    result.failures.push(message)
    result.log.push(line)
  }
  let stopToken: string | undefined
  let echo = false
  for (const line of text.split(/\r?\n/)) {
    const parsed = parseCommandLine(line)
    if (stopToken !== undefined) {
      if (parsed && parsed.command.toLowerCase() === stopToken.toLowerCase()) stopToken = undefined
      result.log.push(line)
      continue
    }
    if (!parsed || !COMMANDS.has(parsed.command.toLowerCase())) {
      result.log.push(line)
      continue
    }
    const command = parsed.command.toLowerCase()
    const { message } = parsed
    if (echo && !OMIT_ECHO.has(command)) result.log.push(line)
    const name = parsed.properties.name
    switch (command) {
      case 'error':
      case 'warning':
      case 'notice':
        result.annotations.push(commandAnnotation({ ...parsed, command }))
        result.log.push(`${command}: ${message}`)
        break
      case 'add-mask':
        if (message.trim() === '')
          result.annotations.push({
            level: 'warning',
            message: "Can't add secret mask for empty string in ##[add-mask] command.",
          })
        else {
          result.masks.push(message)
          if (echo) result.log.push('::add-mask::***')
        }
        break
      case 'group':
        result.log.push(`▸ ${message}`)
        break
      case 'set-output':
      case 'save-state':
        if (!name) {
          fail(line, `Required field 'name' is missing in ##[${command}] command.`)
          break
        }
        result.annotations.push({ level: 'warning', message: deprecated(command) })
        ;(command === 'set-output' ? result.outputs : result.state)[name] = message
        break
      case 'set-env':
      case 'add-path':
        if (!options.allowUnsecureCommands) fail(line, disabled(command))
        else if (command === 'add-path') result.path.push(message)
        else if (!name) fail(line, "Required field 'name' is missing in ##[set-env] command.")
        else if (name.toUpperCase() === 'NODE_OPTIONS')
          result.annotations.push({
            level: 'error',
            message: "Can't update NODE_OPTIONS environment variable using ::set-env:: command.",
          })
        else result.env[name] = message
        break
      case 'stop-commands':
        if (
          !options.allowUnsecureStopTokens &&
          (message === '' || message.toLowerCase() === 'pause-logging' || COMMANDS.has(message.toLowerCase()))
        ) {
          fail(line, STOP_TOKEN_REFUSED)
          break
        }
        stopToken = message
        result.log.push(line)
        break
      case 'echo': {
        const value = message.trim().toLowerCase()
        if (value === 'on' || value === 'off') echo = value === 'on'
        else
          fail(
            line,
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${message}'.`,
          )
        break
      }
      // endgroup, debug, add-matcher, remove-matcher: nothing to show locally.
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
  // Longest first, so a value containing another is masked whole.
  const longestFirst = [...masks].sort((a, b) => b.length - a.length)
  for (const mask of longestFirst) if (mask) out = out.split(mask).join('***')
  return out
}
