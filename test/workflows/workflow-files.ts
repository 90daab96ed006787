import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { repoRoot } from '../harness/paths'

/** The starter workflows and this repository's reusable workflows (not ci.yml / release.yml, which other issues own). */
export function workflowFilesUnderTest(): { templates: string[]; reusable: string[] } {
  const templatesDir = join(repoRoot, 'workflows-templates')
  const workflowsDir = join(repoRoot, '.github', 'workflows')
  const templates = readdirSync(templatesDir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(templatesDir, f))
  const reusable = readdirSync(workflowsDir)
    .filter((f) => f.endsWith('.yml') && f !== 'ci.yml' && f !== 'release.yml')
    .map((f) => join(workflowsDir, f))
  return { templates, reusable }
}

export interface StepData {
  readonly id?: string
  readonly name?: string
  readonly uses?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
  readonly env?: Record<string, unknown>
  readonly if?: string
}

export interface JobData {
  readonly name?: string
  readonly needs?: string | string[]
  readonly permissions?: unknown
  readonly concurrency?: unknown
  readonly environment?: unknown
  readonly steps?: StepData[]
  readonly uses?: string
  readonly outputs?: Record<string, string>
}

export interface WorkflowData {
  readonly name?: string
  readonly on: Record<string, any>
  readonly permissions?: unknown
  readonly jobs: Record<string, JobData>
}

export function readWorkflow(file: string): WorkflowData {
  return parseYaml(readFileSync(file, 'utf8')) as WorkflowData
}

/** The action.yml of this toolkit's action `name`, or undefined while it does not exist yet. */
export function toolkitAction(
  name: string,
):
  | { inputs: Record<string, { required?: boolean; default?: unknown }>; outputs: Record<string, unknown> }
  | undefined {
  const file = join(repoRoot, 'actions', name, 'action.yml')
  if (!existsSync(file)) return undefined
  const meta = parseYaml(readFileSync(file, 'utf8')) as { inputs?: object; outputs?: object }
  return { inputs: (meta.inputs ?? {}) as never, outputs: (meta.outputs ?? {}) as never }
}

export const toolkitUses = /^[A-Za-z0-9_.-]+\/pipeline-kit\/actions\/([a-z0-9-]+)@(.+)$/
