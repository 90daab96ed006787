import type { JobOutcome } from './types'

/** What a finished (or skipped) job leaves for the jobs that need it. */
export interface JobRecord {
  readonly result: JobOutcome
  readonly outputs: Record<string, string>
  /** The jobs it needs, for walking the chain of ancestors. */
  readonly needs: readonly string[]
}

/** The status functions of a job-level `if:`. */
export interface JobStatus {
  readonly success: boolean
  readonly failure: boolean
  readonly cancelled: boolean
  /** The ancestors that did not succeed, nearest first (for the reason a job was skipped). */
  readonly notSucceeded: readonly string[]
}

/**
 * The job-level status functions as GitHub evaluates them over the whole `needs` chain,
 * not only the direct needs: `success()` is true when every ancestor succeeded (so a job
 * below a failed or skipped job is skipped even when its parent ran with `always()`),
 * `failure()` when any ancestor failed.
 */
export function jobStatus(needs: readonly string[], records: ReadonlyMap<string, JobRecord>): JobStatus {
  const seen = new Set<string>()
  const queue = [...needs]
  const ancestors: JobRecord[] = []
  const notSucceeded: string[] = []
  while (queue.length > 0) {
    const id = queue.shift()!
    if (seen.has(id)) continue
    seen.add(id)
    const record = records.get(id)
    if (!record) continue
    ancestors.push(record)
    if (record.result !== 'success') notSucceeded.push(id)
    queue.push(...record.needs)
  }
  return {
    success: ancestors.every((r) => r.result === 'success'),
    failure: ancestors.some((r) => r.result === 'failure'),
    // Only cancelling the run makes a job-level cancelled() true; fail-fast cancels job instances.
    cancelled: false,
    notSucceeded,
  }
}

/** Why a job instance was cancelled, worded as GitHub words it for a fail-fast matrix. */
export function cancelReason(signal: AbortSignal): string {
  return `the job was cancelled because ${String(signal.reason)} (strategy.fail-fast)`
}
