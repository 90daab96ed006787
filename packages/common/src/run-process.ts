import { spawn } from 'node:child_process'
import type { Logger } from './logger'
import { UserError } from './user-error'

export interface RunProcessOptions {
  readonly cwd?: string
  /** Added to (or, with replaceEnv, replacing) the current environment. */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly replaceEnv?: boolean
  /** Written to stdin, then stdin is closed; how secrets reach a command without argv. */
  readonly input?: string | Buffer
  /** Kill the process (SIGTERM, then SIGKILL after 5 s) after this many milliseconds. */
  readonly timeoutMs?: number
  /** Exit codes that are not a failure; default [0]. Use 'any' to never throw on exit code. */
  readonly okExitCodes?: readonly number[] | 'any'
  /** Stream output lines to this logger as they arrive (inside a group if groupName is set). */
  readonly logger?: Logger
  readonly groupName?: string
  /** Values never written to the log even when streaming (they are masked by the runner too). */
  readonly redact?: readonly string[]
  /** Keep at most this many bytes of each stream (the tail); default 64 MiB. */
  readonly maxBufferBytes?: number
}

export interface ProcessResult {
  readonly command: string
  readonly args: readonly string[]
  readonly exitCode: number
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly durationMs: number
  readonly timedOut: boolean
}

/** Thrown when a process exits with a code that is not ok; carries its output. */
export class ProcessError extends UserError {
  readonly result: ProcessResult
  constructor(message: string, result: ProcessResult) {
    super(message)
    this.name = 'UserError'
    this.result = result
  }
}

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024

/**
 * Runs a command from an argument array (never through a shell), capturing output.
 * A missing executable becomes a UserError naming it.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  const run = () => spawnAndCollect(command, args, options)
  const result =
    options.logger && options.groupName ? await options.logger.group(options.groupName, run) : await run()
  const ok = options.okExitCodes ?? [0]
  if (ok !== 'any' && (result.timedOut || !ok.includes(result.exitCode))) {
    const why = result.timedOut
      ? `timed out after ${options.timeoutMs} ms`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.exitCode}`
    const tail = lastLines(redact(result.stderr || result.stdout, options.redact), 20)
    throw new ProcessError(`${command} ${why}${tail ? `:\n${tail}` : ''}`, result)
  }
  return result
}

function spawnAndCollect(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  const started = performance.now()
  const env = options.replaceEnv ? { ...options.env } : { ...process.env, ...options.env }
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
    })
    const stdout = new TailBuffer(maxBuffer)
    const stderr = new TailBuffer(maxBuffer)
    const streamTo = options.logger
    const stream = (buffer: TailBuffer, pending: { text: string }) => (chunk: Buffer) => {
      buffer.push(chunk)
      if (!streamTo) return
      pending.text += chunk.toString('utf8')
      const parts = pending.text.split('\n')
      pending.text = parts.pop() ?? ''
      for (const line of parts) streamTo.info(redact(line, options.redact))
    }
    const pendingOut = { text: '' }
    const pendingErr = { text: '' }
    child.stdout.on('data', stream(stdout, pendingOut))
    child.stderr.on('data', stream(stderr, pendingErr))
    child.stdin.on('error', () => {}) // a process that exits without reading stdin is not our failure
    if (options.input !== undefined) child.stdin.end(options.input)
    else child.stdin.end()

    let timedOut = false
    let killTimer: NodeJS.Timeout | undefined
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true
            child.kill('SIGTERM')
            killTimer = setTimeout(() => child.kill('SIGKILL'), 5000)
          }, options.timeoutMs)
        : undefined

    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      clearTimeout(killTimer)
      if (error.code === 'ENOENT') {
        reject(
          new UserError(`${command} was not found on PATH: install it or put it on PATH before this step`),
        )
      } else if (error.code === 'EACCES') {
        reject(new UserError(`${command} is not executable (permission denied)`))
      } else reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      clearTimeout(killTimer)
      if (streamTo) {
        if (pendingOut.text) streamTo.info(redact(pendingOut.text, options.redact))
        if (pendingErr.text) streamTo.info(redact(pendingErr.text, options.redact))
      }
      resolve({
        command,
        args,
        exitCode: code ?? (signal ? 128 : 1),
        signal,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        durationMs: performance.now() - started,
        timedOut,
      })
    })
  })
}

/** Keeps the last maxBytes of a stream, so a chatty tool cannot exhaust memory. */
class TailBuffer {
  private chunks: Buffer[] = []
  private size = 0
  constructor(private readonly maxBytes: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.size += chunk.length
    while (this.size > this.maxBytes && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length
    }
  }
  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/** Replaces every occurrence of each secret with ***. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) if (secret) out = out.split(secret).join('***')
  return out
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n')
}
