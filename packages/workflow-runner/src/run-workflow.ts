import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkWorkflowCalls } from './call-workflow'
import { buildGithubContext, resolveWorkflowInputs } from './github-context'
import { groupJobOutput } from './group-job-output'
import { loadWorkflow } from './load-workflow'
import type { RunWorkflowOptions } from './run-options'
import type { RunContext } from './run-context'
import { scheduleJobs } from './schedule-jobs'
import { selectJobs } from './select-jobs'
import { silentReporter, type WorkflowResult } from './types'

export type { RunWorkflowOptions } from './run-options'

/**
 * Runs a workflow's jobs locally in `needs` order, as GitHub's runner would: matrices
 * expanded, `if:` conditions and every `${{ }}` evaluated with @actions/expressions,
 * `run:` steps through their shell, this toolkit's actions from their bundles with the
 * file-command protocol, third-party steps mapped to local equivalents or reported as not run.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowResult> {
  const started = performance.now()
  const plan = selectJobs(await loadWorkflow(options.workflow), options.jobs ?? [])
  await checkWorkflowCalls(plan, options)
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'pk-pipeline-'))
  mkdirSync(workDir, { recursive: true })
  const github = buildGithubContext({ ...options, workflowName: plan.name })
  const run: RunContext = {
    plan,
    options,
    reporter: groupJobOutput(options.reporter ?? silentReporter),
    workDir,
    artifactsDir: join(workDir, 'artifacts'),
    annotations: [],
    summaries: [],
    github,
    inputs: resolveWorkflowInputs(plan, options.inputs, github, options.vars),
    jobCounter: 0,
  }
  const jobs = await scheduleJobs(run)
  const failedJob = jobs.find((j) => j.result === 'failure') ?? jobs.find((j) => j.result === 'cancelled')
  return {
    workflow: plan.name,
    success: !failedJob,
    jobs,
    annotations: run.annotations,
    summaries: run.summaries,
    failure: failedJob ? { job: failedJob.name, reason: failedJob.reason ?? 'failed' } : undefined,
    durationMs: performance.now() - started,
  }
}
