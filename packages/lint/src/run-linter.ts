import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { describeError, findFiles, runProcess, type Logger, type ProcessResult } from '@pipeline-kit/common'
import type { LinterDefinition } from './linters'
import type { Diagnostic, ToolResult } from './model'
import { createPathNormaliser } from './paths'

export interface RunLinterOptions {
  /** The repository root (GITHUB_WORKSPACE): diagnostics' paths are relative to it. */
  readonly root: string
  /** Where the linter runs. */
  readonly cwd: string
  readonly timeoutMs: number
  readonly log: Logger
  /** PATH to search; default process.env.PATH. */
  readonly pathEnv?: string
}

/** What runLinter needs from the outside world, replaceable in tests. */
export interface RunLinterDeps {
  readonly run: typeof runProcess
  readonly findFiles: typeof findFiles
}

export const defaultRunLinterDeps: RunLinterDeps = { run: runProcess, findFiles }

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Where an executable is: a name with a slash relative to cwd; for npm tools
 * node_modules/.bin from cwd up to root first; then every PATH entry. Undefined when absent.
 */
export function findExecutable(
  name: string,
  options: { cwd: string; root: string; npm: boolean; pathEnv?: string },
): string | undefined {
  if (name.includes('/')) {
    const path = isAbsolute(name) ? name : resolve(options.cwd, name)
    return isExecutableFile(path) ? path : undefined
  }
  if (options.npm) {
    for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', '.bin', name)
      if (isExecutableFile(candidate)) return candidate
      if (dir === resolve(options.root) || dir === dirname(dir)) break
    }
  }
  for (const dir of (options.pathEnv ?? process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

/** Tools are asked not to colour their output; colour added anyway is stripped. */
const NO_COLOR_ENV = { NO_COLOR: '1', FORCE_COLOR: '0' }
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

/** Text without ANSI colour and cursor sequences. */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text
}

const STACK_TRACE = /Traceback \(most recent call last\)|^\s+at .+[(\s][^()\s]+:\d+:\d+\)?$|panicked at/m

/** The last lines of what a tool printed, for a crash report. */
export function outputTail(result: Pick<ProcessResult, 'stdout' | 'stderr'>, lines = 30): string {
  const text = [result.stderr.trimEnd(), result.stdout.trimEnd()].filter(Boolean).join('\n')
  const all = text.split('\n')
  return all.length > lines
    ? `… (${all.length - lines} earlier lines)\n${all.slice(-lines).join('\n')}`
    : text
}

/**
 * Runs one linter from its argument array and reads its output. A missing executable is
 * status `missing` with how to install it; a timeout, a signal, an exit code the tool does
 * not use for findings, unreadable output, a "problems found" exit with no problem in the
 * output, or a stack trace with nothing parsed is status `crashed`, never "no findings".
 */
export async function runLinter(
  linter: LinterDefinition,
  options: RunLinterOptions,
  deps: RunLinterDeps = defaultRunLinterDeps,
): Promise<ToolResult> {
  const started = performance.now()
  const base = { tool: linter.name, diagnostics: [] as Diagnostic[] }
  const executable = findExecutable(linter.executable, {
    cwd: options.cwd,
    root: options.root,
    npm: linter.source === 'npm',
    pathEnv: options.pathEnv,
  })
  if (!executable) {
    const where = linter.source === 'npm' ? 'in node_modules/.bin or on PATH' : 'on PATH'
    return {
      ...base,
      status: 'missing',
      command: linter.executable,
      durationMs: performance.now() - started,
      problem: `${linter.name} is not installed: '${linter.executable}' was not found ${where}. To use it, ${linter.install}.`,
    }
  }
  let files: string[] = []
  if (linter.filePatterns) {
    const found = await deps.findFiles(linter.filePatterns, options.cwd)
    files = found.files.map((f) => relative(options.cwd, f))
    if (files.length === 0) {
      options.log.info(`${linter.name}: no files match ${linter.filePatterns.join(', ')}; nothing to check`)
      return {
        ...base,
        status: 'ok',
        command: `${linter.executable} (no files)`,
        durationMs: performance.now() - started,
      }
    }
  }
  const args = linter.args(files)
  const command = [linter.executable, ...args].join(' ')
  options.log.info(`Running ${command}`)
  let result: ProcessResult
  try {
    result = await deps.run(executable, args, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
      okExitCodes: 'any',
      env: NO_COLOR_ENV,
    })
    result = { ...result, stdout: stripAnsi(result.stdout), stderr: stripAnsi(result.stderr) }
  } catch (error) {
    return {
      ...base,
      status: 'crashed',
      command,
      durationMs: performance.now() - started,
      problem: describeError(error),
    }
  }
  const crash = (problem: string): ToolResult => ({
    ...base,
    status: 'crashed',
    command,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    problem: `${linter.name} crashed: ${problem}`,
    outputTail: outputTail(result),
  })
  if (result.timedOut) return crash(`timed out after ${options.timeoutMs} ms`)
  if (result.signal) return crash(`was killed by ${result.signal}`)
  const code = result.exitCode
  const findingCode =
    linter.findingExitCodes === 'any-other'
      ? !linter.cleanExitCodes.includes(code)
      : linter.findingExitCodes.includes(code)
  if (!linter.cleanExitCodes.includes(code) && !findingCode) return crash(`exited with code ${code}`)
  let parsed
  try {
    parsed = linter.parse(result, {
      tool: linter.name,
      toPath: createPathNormaliser(options.root, options.cwd),
    })
  } catch (error) {
    return crash(`its ${linter.format} output could not be read (${describeError(error)})`)
  }
  for (const warning of parsed.warnings) options.log.warning(`${linter.name}: ${warning}`)
  if (findingCode && parsed.diagnostics.length === 0) {
    return crash(`exited with code ${code}, which means problems were found, but its output names none`)
  }
  if (parsed.diagnostics.length === 0 && STACK_TRACE.test(result.stderr)) {
    return crash('printed a stack trace and reported nothing')
  }
  if (parsed.unparsedLines > 0) {
    options.log.debug(`${linter.name}: ${parsed.unparsedLines} output line(s) were not findings`)
  }
  return {
    ...base,
    status: 'ok',
    command,
    exitCode: code,
    durationMs: result.durationMs,
    diagnostics: parsed.diagnostics,
    unparsedLines: parsed.unparsedLines,
  }
}

/**
 * Runs a linter's fixer (eslint --fix, prettier --write, black, isort, ruff --fix, biome
 * --write) in place. Its exit code is not judged: fixers exit non-zero when problems remain,
 * which the check run that follows reports.
 */
export async function runFixer(
  linter: LinterDefinition,
  options: RunLinterOptions,
  deps: RunLinterDeps = defaultRunLinterDeps,
): Promise<{ readonly ran: boolean; readonly exitCode?: number }> {
  if (!linter.fixArgs) return { ran: false }
  const executable = findExecutable(linter.executable, {
    cwd: options.cwd,
    root: options.root,
    npm: linter.source === 'npm',
    pathEnv: options.pathEnv,
  })
  if (!executable) return { ran: false }
  options.log.info(`Fixing: ${[linter.executable, ...linter.fixArgs].join(' ')}`)
  const result = await deps.run(executable, linter.fixArgs, {
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    okExitCodes: 'any',
    env: NO_COLOR_ENV,
  })
  return { ran: true, exitCode: result.exitCode }
}
