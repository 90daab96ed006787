import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ActionManifestError, loadActionManifest } from '@pipeline-kit/action-manifest'
import type { JobPlan } from './load-workflow'
import { manifestName } from './load-action'
import { resolveUses } from './resolve-uses'

/** The folder of this toolkit's action `name`, whose committed or locally built bundle runs. */
export function toolkitActionDir(toolkitRoot: string, name: string): string {
  return join(toolkitRoot, 'actions', name)
}

/**
 * The runner loads downloaded actions' manifests in "Set up job", so a refused one fails
 * the job before its first step: the runner's message for the first
 * `<owner>/pipeline-kit/actions/<name>@<ref>` step whose manifest it refuses.
 */
export function refusedToolkitManifest(toolkitRoot: string, job: JobPlan): string | undefined {
  for (const step of job.steps) {
    const target = step.uses ? resolveUses(step.uses) : undefined
    if (target?.kind !== 'pipeline-kit' || target.ref === undefined) continue
    const file = join(toolkitActionDir(toolkitRoot, target.name), 'action.yml')
    if (!existsSync(file)) continue
    try {
      loadActionManifest(readFileSync(file, 'utf8'), manifestName(step.uses!, file))
    } catch (error) {
      if (error instanceof ActionManifestError) return error.message
      throw error
    }
  }
  return undefined
}
