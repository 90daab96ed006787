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
  constructor(private readonly now: () => number = () => performance.now()) {
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
    this.entries.push({
      step,
      offsetMs: startedAt - this.origin,
      durationMs: this.now() - startedAt,
      outcome,
      detail,
    })
  }

  /** Milliseconds since the timeline started. */
  elapsed(): number {
    return this.now() - this.origin
  }
}

const MARK: Record<StepOutcome, string> = { ok: '✅', failed: '❌', skipped: '⏭️' }

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
