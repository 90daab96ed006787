import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runWorkflow, type RunWorkflowOptions } from './run-workflow'
import type { JobResult, WorkflowResult } from './types'

/** This checkout: its actions/<name> bundles are the toolkit's actions. */
export const toolkitRoot = resolve(import.meta.dirname, '..', '..', '..')

/** A workflow file in a new temporary folder, beside a working tree `source` holding hello.txt. */
export function workflowFile(yaml: string): { file: string; source: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pk-wfr-'))
  const source = join(dir, 'source')
  mkdirSync(source)
  writeFileSync(join(source, 'hello.txt'), 'hello from the working tree\n')
  const file = join(dir, 'workflow.yml')
  writeFileSync(file, yaml)
  return { file, source }
}

/** Runs a workflow given as YAML against a fresh working tree. */
export async function run(yaml: string, options: Partial<RunWorkflowOptions> = {}): Promise<WorkflowResult> {
  const { file, source } = workflowFile(yaml)
  return runWorkflow({ workflow: file, toolkitRoot, source, ...options })
}

/** Job id → result, for asserting the verdict of a whole workflow. */
export function jobResults(result: WorkflowResult): Record<string, JobResult['result']> {
  return Object.fromEntries(result.jobs.map((j) => [j.id, j.result]))
}
