import { spawn } from 'node:child_process'
import { UserError } from '@pipeline-kit/common'

export interface StepProcessResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

const MAX_KEPT = 16 * 1024 * 1024

/**
 * Runs a step's process in its own process group (argument array, no shell), streaming
 * complete lines to onLine; on timeout the whole group gets SIGTERM, then SIGKILL after
 * 5 s, so a script's children (a `sleep`, a server) cannot keep the step alive; the same
 * when `signal` aborts.
 */
export function runStepProcess(
  command: string,
  args: readonly string[],
  options: {
    cwd: string
    env: Record<string, string | undefined>
    timeoutMs?: number
    /** Stops the process group as a timeout does (fail-fast cancelling the job). */
    signal?: AbortSignal
    onLine?: (line: string) => void
  },
): Promise<StepProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let kept = 0
    const collect = (into: Buffer[], pending: { text: string }) => (chunk: Buffer) => {
      if (kept < MAX_KEPT) {
        into.push(chunk)
        kept += chunk.length
      }
      if (!options.onLine) return
      pending.text += chunk.toString('utf8')
      const lines = pending.text.split('\n')
      pending.text = lines.pop() ?? ''
      for (const line of lines) options.onLine(line)
    }
    const pendingOut = { text: '' }
    const pendingErr = { text: '' }
    child.stdout.on('data', collect(out, pendingOut))
    child.stderr.on('data', collect(err, pendingErr))
    let timedOut = false
    let killTimer: NodeJS.Timeout | undefined
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal)
      } catch {}
    }
    const stop = () => {
      killGroup('SIGTERM')
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), 5000)
    }
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true
            stop()
          }, options.timeoutMs)
        : undefined
    if (options.signal?.aborted) stop()
    options.signal?.addEventListener('abort', stop, { once: true })
    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', stop)
      clearTimeout(timer)
      clearTimeout(killTimer)
      reject(error.code === 'ENOENT' ? new UserError(`${command} was not found on PATH`) : error)
    })
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', stop)
      clearTimeout(timer)
      clearTimeout(killTimer)
      if (options.onLine)
        for (const rest of [pendingOut.text, pendingErr.text]) if (rest) options.onLine(rest)
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      })
    })
  })
}
