import { formatDuration } from '@pipeline-kit/common'
import type { JobResult, Reporter, StepResult } from './types'

export interface ConsoleReporterOptions {
  /** Where lines go; default process.stdout. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean }
  /** Redraw the running step's line every second with its elapsed time (default: stream is a TTY). */
  readonly live?: boolean
  /** Print every output line of every step. */
  readonly verbose?: boolean
  /** Clock, for tests. */
  readonly now?: () => number
}

const marks: Record<StepResult['conclusion'], string> = {
  success: '✓',
  failure: '✗',
  cancelled: '⊘',
  skipped: '○',
}

/**
 * A reporter that prints one line per job and per step: while a step runs, a live line
 * with its elapsed time (redrawn in place on a terminal, a start line otherwise), then
 * its result, duration and, for a failure, the last lines of its output.
 */
export function createConsoleReporter(options: ConsoleReporterOptions = {}): Reporter & { stop(): void } {
  const stream = options.stream ?? process.stdout
  const live = options.live ?? Boolean(stream.isTTY)
  const now = options.now ?? (() => performance.now())
  let timer: NodeJS.Timeout | undefined
  let running: { label: string; started: number } | undefined
  const write = (text: string) => stream.write(text)
  const clearLive = () => {
    if (timer) clearInterval(timer)
    timer = undefined
    if (live && running) write('\r\x1b[2K')
    running = undefined
  }
  const draw = () => {
    if (running) write(`\r\x1b[2K  ▸ ${running.label} ${formatDuration(now() - running.started)}`)
  }
  return {
    jobStarted(job) {
      clearLive()
      write(`● ${job.name}\n`)
    },
    stepStarted(_job, step) {
      clearLive()
      running = { label: step.name, started: now() }
      if (live) {
        draw()
        timer = setInterval(draw, 1000)
        timer.unref()
      } else write(`  ▸ ${step.name} …\n`)
    },
    stepOutput(raw) {
      if (!options.verbose) return
      const line = raw.startsWith('::group::') ? `▸ ${raw.slice(9)}` : raw
      if (/^::(endgroup|debug|add-mask|save-state|set-output)\b/.test(line)) return
      if (live && running) write('\r\x1b[2K')
      write(`    │ ${line}\n`)
      if (live) draw()
    },
    stepFinished(_job, step) {
      clearLive()
      const detail =
        step.detail && step.outcome !== 'success'
          ? ` — ${step.detail}`
          : step.kind === 'local-equivalent' && step.detail
            ? ` — ${step.detail}`
            : ''
      const softFail =
        step.outcome === 'failure' && step.conclusion === 'success' ? ' (continue-on-error)' : ''
      write(`  ${marks[step.outcome]} ${step.name} ${formatDuration(step.durationMs)}${softFail}${detail}\n`)
      if (step.outcome === 'failure' && !options.verbose) {
        for (const line of step.logTail.slice(-15)) write(`    │ ${line}\n`)
      }
    },
    jobFinished(job: JobResult) {
      clearLive()
      const mark = marks[job.result]
      const why = job.result !== 'success' && job.reason ? ` — ${job.reason}` : ''
      const env = job.environment ? ` [environment: ${job.environment}]` : ''
      write(`${mark} ${job.name}${env} ${job.result} in ${formatDuration(job.durationMs)}${why}\n`)
    },
    stop: clearLive,
  }
}
