import type { Reporter } from './types'

type Event = (reporter: Reporter) => void

/**
 * A reporter that keeps each job's lines together while jobs run in parallel: the first
 * job to start streams live (its steps and live line as they happen); jobs that start
 * while it runs are held, and each is passed on as one block when it has ended and the
 * live job has ended too; the earliest-started job still running then goes live, its
 * held lines first. With one job at a time it passes everything straight through.
 * Jobs are told apart by their display name.
 */
export function groupJobOutput(inner: Reporter): Reporter {
  const held = new Map<string, Event[]>()
  const ended: Event[][] = []
  let live: string | undefined
  const emit = (job: string, event: Event) => {
    if (job === live) event(inner)
    else held.get(job)?.push(event)
  }
  return {
    jobStarted(job) {
      if (live === undefined) {
        live = job.name
        inner.jobStarted(job)
      } else held.set(job.name, [(r) => r.jobStarted(job)])
    },
    stepStarted: (job, step) => emit(job.name, (r) => r.stepStarted(job, step)),
    stepOutput(line, job) {
      if (job) emit(job.name, (r) => r.stepOutput?.(line, job))
      else inner.stepOutput?.(line)
    },
    stepFinished: (job, step) => emit(job.name, (r) => r.stepFinished(job, step)),
    jobFinished(job) {
      if (job.name !== live) {
        const events = held.get(job.name) ?? []
        held.delete(job.name)
        ended.push([...events, (r) => r.jobFinished(job)])
        return
      }
      inner.jobFinished(job)
      live = undefined
      for (const block of ended.splice(0)) for (const event of block) event(inner)
      const [next] = held.keys()
      if (next === undefined) return
      live = next
      const events = held.get(next)!
      held.delete(next)
      for (const event of events) event(inner)
    },
  }
}
