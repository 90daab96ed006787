import { formatDuration, markdownTable } from '@pipeline-kit/common'

export type StepOutcome = 'ok' | 'failed' | 'skipped'

/** One step of a deployment (upload, switch, verify, rollback…), for the job summary. */
export interface TimelineEntry {
  readonly step: string
  /** Milliseconds since the deployment started. */
  readonly offsetMs: number
  readonly durationMs: number
  readonly outcome: StepOutcome
  readonly detail: string
}

/** Records the steps of a deployment as they happen; `now` is injectable for tests. */
export class Timeline {
  readonly entries: TimelineEntry[] = []
  private readonly origin: number
  /** `onStep` sees each step as it is recorded (the action logs it). */
  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly onStep?: (entry: TimelineEntry) => void,
  ) {
    this.origin = now()
  }

  /** Runs fn as a step; a throw is recorded as failed (first line of its message) and rethrown. */
  async step<T>(step: string, fn: () => Promise<T>, detail: (value: T) => string = () => ''): Promise<T> {
    const started = this.now()
    try {
      const value = await fn()
      this.add(step, started, 'ok', detail(value))
      return value
    } catch (error) {
      this.add(
        step,
        started,
        'failed',
        error instanceof Error ? error.message.split('\n')[0]! : String(error),
      )
      throw error
    }
  }

  add(step: string, startedAt: number, outcome: StepOutcome, detail: string): void {
    const entry = {
      step,
      offsetMs: startedAt - this.origin,
      durationMs: this.now() - startedAt,
      outcome,
      detail,
    }
    this.entries.push(entry)
    this.onStep?.(entry)
  }

  /** Milliseconds since the timeline started. */
  elapsed(): number {
    return this.now() - this.origin
  }
}

const MARK: Record<StepOutcome, string> = { ok: '✅', failed: '❌', skipped: '⏭️' }

/** One step as a log line: `✅ switch (385ms): current → releases/r1`. */
export function describeStep(e: TimelineEntry): string {
  return `${MARK[e.outcome]} ${e.step} (${formatDuration(e.durationMs)})${e.detail ? `: ${e.detail}` : ''}`
}

/** The steps as a markdown table. */
export function renderTimeline(entries: readonly TimelineEntry[]): string {
  return markdownTable(
    ['Step', 'At', 'Took', 'Result', 'Detail'],
    entries.map((e) => [
      e.step,
      `+${formatDuration(e.offsetMs)}`,
      formatDuration(e.durationMs),
      MARK[e.outcome],
      e.detail,
    ]),
  )
}
