import { orderJobs, type WorkflowPlan } from '@pipeline-kit/workflow-runner'

/**
 * `--list`: the jobs in the order they run (each after what it needs, file order
 * otherwise), with their display name when it is literal, what they need, and the
 * reusable workflow a job calls.
 */
export function renderJobList(plan: WorkflowPlan): string {
  const jobs = orderJobs(plan.jobs)
  const width = Math.max(...jobs.map((job) => job.id.length))
  const lines = jobs.map((job, index) => {
    const name = job.name?.isLiteral && job.name.toString() !== job.id ? `  "${job.name.toString()}"` : ''
    const needs = job.needs.length > 0 ? `  needs ${job.needs.join(', ')}` : ''
    const uses = job.uses ? `  uses ${job.uses}` : ''
    const number = String(index + 1).padStart(String(jobs.length).length)
    return `${number}. ${job.id.padEnd(width)}${name}${needs}${uses}`.trimEnd()
  })
  const count = `${jobs.length} job${jobs.length === 1 ? '' : 's'}`
  return `${plan.name}: ${count}, in the order they run\n${lines.join('\n')}\n`
}
