import { UserError } from '@pipeline-kit/common'

/**
 * Orders jobs so every job comes after the jobs it `needs`, keeping file order among
 * independent jobs; an unknown need or a cycle is a UserError.
 */
export function orderJobs<T extends { readonly id: string; readonly needs: readonly string[] }>(
  jobs: readonly T[],
): T[] {
  const byId = new Map(jobs.map((job) => [job.id, job]))
  for (const job of jobs) {
    for (const need of job.needs) {
      if (!byId.has(need))
        throw new UserError(`job ${job.id} needs ${need}, which is not a job of this workflow`)
    }
  }
  const ordered: T[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (job: T, path: string[]): void => {
    const seen = state.get(job.id)
    if (seen === 'done') return
    if (seen === 'visiting')
      throw new UserError(`jobs depend on each other in a cycle: ${[...path, job.id].join(' → ')}`)
    state.set(job.id, 'visiting')
    for (const need of job.needs) visit(byId.get(need)!, [...path, job.id])
    state.set(job.id, 'done')
    ordered.push(job)
  }
  for (const job of jobs) visit(job, [])
  return ordered
}
