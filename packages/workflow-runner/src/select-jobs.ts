import { UserError } from '@pipeline-kit/common'
import type { WorkflowPlan } from './load-workflow'

/**
 * The plan reduced to the given jobs and every job they need, directly or through other
 * jobs (what `--job ID` runs), in file order; no ids keeps the plan as it is. An id that
 * is not a job of the workflow is a UserError listing the jobs.
 */
export function selectJobs(plan: WorkflowPlan, ids: readonly string[]): WorkflowPlan {
  if (ids.length === 0) return plan
  const byId = new Map(plan.jobs.map((job) => [job.id, job]))
  const keep = new Set<string>()
  const visit = (id: string): void => {
    if (keep.has(id)) return
    keep.add(id)
    for (const need of byId.get(id)?.needs ?? []) visit(need)
  }
  for (const id of ids) {
    if (!byId.has(id))
      throw new UserError(
        `--job ${id}: ${plan.file} has no job '${id}' (jobs: ${plan.jobs.map((j) => j.id).join(', ')})`,
      )
    visit(id)
  }
  return { ...plan, jobs: plan.jobs.filter((job) => keep.has(job.id)) }
}
