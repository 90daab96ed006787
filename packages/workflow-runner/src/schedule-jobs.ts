import { describeError } from '@pipeline-kit/common'
import { callWorkflow } from './call-workflow'
import {
  evaluateCondition,
  evaluateToken,
  valueToString,
  type EvaluationScope,
  type Value,
} from './expressions'
import { orderJobs } from './job-order'
import type { JobPlan } from './load-workflow'
import { expandMatrix, type MatrixCombination } from './matrix'
import { baseContexts, type RunContext } from './run-context'
import { runJobInstance } from './run-job'
import { safeString } from './step-values'
import type { JobResult } from './types'
import { jobStatus, type JobRecord } from './job-status'

/** Runs every job of the workflow in `needs` order; the results of each job instance. */
export async function scheduleJobs(run: RunContext): Promise<JobResult[]> {
  const records = new Map<string, JobRecord>()
  const jobs: JobResult[] = []
  for (const job of orderJobs(run.plan.jobs)) jobs.push(...(await runJob(run, records, job)))
  return jobs
}

/**
 * Runs one job: its `if:` evaluated with the status of the jobs it needs, its matrix
 * expanded, one instance per combination; records its result and outputs.
 */
async function runJob(run: RunContext, records: Map<string, JobRecord>, job: JobPlan): Promise<JobResult[]> {
  const needs: Record<string, Value> = {}
  for (const need of job.needs) {
    const record = records.get(need)!
    needs[need] = { result: record.result, outputs: record.outputs }
  }
  const status = jobStatus(job.needs, records)
  const scope: EvaluationScope = { contexts: { ...baseContexts(run), needs }, status }
  const display = (matrix?: MatrixCombination) => jobDisplayName(job, scope, matrix)
  const finished = (result: JobResult): JobResult[] => {
    records.set(job.id, { result: result.result, outputs: {}, needs: job.needs })
    if (result.result === 'failure')
      run.annotations.push({ level: 'error', message: result.reason!, job: result.name, step: '(job)' })
    run.reporter.jobFinished(result)
    return [result]
  }
  const notRun = (result: 'failure' | 'skipped', reason: string) =>
    finished({ id: job.id, name: display(), result, outputs: {}, steps: [], reason, durationMs: 0 })

  let runIt: boolean
  try {
    runIt = evaluateCondition(job.if, scope)
  } catch (error) {
    return notRun('failure', `if: ${describeError(error)}`)
  }
  if (!runIt) {
    return notRun(
      'skipped',
      status.notSucceeded.length > 0 && job.if.startsWith('success()')
        ? `needs ${status.notSucceeded.join(', ')} did not succeed`
        : `if: ${job.if} was false`,
    )
  }

  let combinations: MatrixCombination[]
  let strategy: Record<string, Value> | null
  try {
    strategy = evaluateToken(job.strategy, scope) as Record<string, Value> | null
    combinations = expandMatrix(strategy?.matrix ?? null)
  } catch (error) {
    return notRun('failure', `strategy: ${describeError(error)}`)
  }
  const results: JobResult[] = []
  for (const [index, matrix] of combinations.entries()) {
    const strategyContext = {
      'fail-fast': strategy?.['fail-fast'] ?? true,
      'job-index': index,
      'job-total': combinations.length,
      'max-parallel': strategy?.['max-parallel'] ?? combinations.length,
    }
    const named = combinations.length > 1 || Object.keys(matrix).length > 0
    const instance = {
      job,
      matrix,
      strategy: strategyContext,
      name: display(named ? matrix : undefined),
      needs,
    }
    if (job.uses) results.push(...(await callWorkflow(run, instance)))
    else results.push(await runJobInstance(run, instance))
  }
  const failed = results.some((r) => r.result === 'failure')
  const outputs: Record<string, string> = {}
  for (const r of results)
    if (r.id === job.id) for (const [k, v] of Object.entries(r.outputs)) if (v !== '') outputs[k] = v
  records.set(job.id, { result: failed ? 'failure' : 'success', outputs, needs: job.needs })
  return results
}

/** The job's display name: its `name:` evaluated, or its id, with the matrix values appended. */
function jobDisplayName(job: JobPlan, scope: EvaluationScope, matrix?: MatrixCombination): string {
  const contexts = { ...scope.contexts, matrix: matrix ?? {} }
  const named = job.name !== undefined && !(job.name.isLiteral && job.name.toString() === job.id)
  const base = named ? (safeString(job.name, { contexts }) ?? job.id) : job.id
  const values =
    matrix && Object.keys(matrix).length > 0
      ? ` (${Object.values(matrix)
          .map((v) => valueToString(v))
          .join(', ')})`
      : ''
  return job.name?.isExpression ? base : `${base}${values}`
}
