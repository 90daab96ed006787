import { availableParallelism } from 'node:os'
import { describeError } from '@pipeline-kit/common'
import { callWorkflow } from './call-workflow'
import { applyMasks } from './commands'
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
import { createSlots, type Slots } from './job-slots'
import type { JobOutcome, JobResult } from './types'
import { cancelReason, jobStatus, type JobRecord } from './job-status'

/**
 * Runs every job of the workflow, each as soon as every job it needs has finished, at
 * most `parallelJobs` job instances at a time (default the core count); the results of
 * each job instance, in `needs` order.
 */
export async function scheduleJobs(run: RunContext): Promise<JobResult[]> {
  const records = new Map<string, JobRecord>()
  const slots = createSlots(run.options.parallelJobs ?? availableParallelism())
  const ordered = orderJobs(run.plan.jobs)
  const finished = new Map<string, Promise<JobResult[]>>()
  for (const job of ordered) {
    const needed = job.needs.map((need) => finished.get(need)!)
    finished.set(
      job.id,
      Promise.all(needed).then(() => runJob(run, records, job, slots)),
    )
  }
  const results = await Promise.all(ordered.map((job) => finished.get(job.id)!))
  return results.flat()
}

/**
 * Runs one job: its `if:` evaluated with the status of the jobs it needs, its matrix
 * expanded, one instance per combination; records its result and outputs.
 */
async function runJob(
  run: RunContext,
  records: Map<string, JobRecord>,
  job: JobPlan,
  slots: Slots,
): Promise<JobResult[]> {
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
  const secrets = Object.values(run.options.secrets ?? {})
  const notRun = (result: 'failure' | 'skipped', reason: string) =>
    finished({
      id: job.id,
      name: display(),
      result,
      outputs: {},
      steps: [],
      reason: applyMasks(reason, secrets),
      durationMs: 0,
    })

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
  const failFast = strategy?.['fail-fast'] ?? true
  const maxParallel = strategy?.['max-parallel'] ?? combinations.length
  const matrixSlots = createSlots(Number(maxParallel) || combinations.length)
  // strategy.fail-fast: the first failed combination cancels the in-progress and queued others.
  const cancel = new AbortController()
  const results = await Promise.all(
    combinations.map((matrix, index) => {
      const named = combinations.length > 1 || Object.keys(matrix).length > 0
      const name = display(named ? matrix : undefined)
      const instance = {
        job,
        matrix,
        strategy: {
          'fail-fast': failFast,
          'job-index': index,
          'job-total': combinations.length,
          'max-parallel': maxParallel,
        },
        name,
        needs,
        signal: cancel.signal,
      }
      // A calling job holds no job slot itself: its called jobs take theirs.
      if (job.uses) return matrixSlots.use(() => callWorkflow(run, instance))
      return matrixSlots.use(() =>
        slots.use(async () => {
          const result = cancel.signal.aborted
            ? cancelledBeforeStart(run, job.id, name, cancel.signal)
            : await runJobInstance(run, instance)
          if (
            result.result === 'failure' &&
            failFast !== false &&
            failFast !== 'false' &&
            !cancel.signal.aborted
          )
            cancel.abort(`${name} failed`)
          return [result]
        }),
      )
    }),
  )
  const flat = results.flat()
  // A calling job's results hold its called jobs too; only the job's own entries carry its outputs.
  const outputs: Record<string, string> = {}
  for (const r of flat)
    if (r.id === job.id) for (const [k, v] of Object.entries(r.outputs)) if (v !== '') outputs[k] = v
  records.set(job.id, { result: matrixResult(flat), outputs, needs: job.needs })
  return flat
}

/** A queued combination fail-fast cancelled: reported as GitHub shows it, with no steps. */
function cancelledBeforeStart(run: RunContext, id: string, name: string, signal: AbortSignal): JobResult {
  const result: JobResult = {
    id,
    name,
    result: 'cancelled',
    outputs: {},
    steps: [],
    reason: cancelReason(signal),
    durationMs: 0,
  }
  run.reporter.jobStarted({ id, name })
  run.reporter.jobFinished(result)
  return result
}

/** The result `needs.<id>.result` gives for a job's combinations: failure over cancelled over success. */
function matrixResult(results: readonly JobResult[]): JobOutcome {
  if (results.some((r) => r.result === 'failure')) return 'failure'
  if (results.some((r) => r.result === 'cancelled')) return 'cancelled'
  return 'success'
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
