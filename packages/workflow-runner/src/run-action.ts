import { runCompositeAction } from './composite-action'
import { isDockerAction, runDockerAction, runDockerActionPre } from './docker-action'
import { loadActionAt } from './load-action'
import type { ActionLocation } from './locate-action'
import { runNodeAction, runNodeActionPre, type ActionStep } from './node-action'
import type { JobState, ProcessOutcome, RunContext } from './run-context'

/** Runs the action in a folder by its kind: a composite's steps, a container action, or a node action's scripts. */
export async function runActionAt(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
): Promise<ProcessOutcome> {
  const manifest = loadActionAt(run, state, step, location.dir)
  if ('ok' in manifest) return manifest
  if (manifest.runs?.using === 'composite') return runCompositeAction(run, state, step, location, manifest)
  if (isDockerAction(manifest)) return runDockerAction(run, state, step, location, manifest)
  return runNodeAction(run, state, step, location, manifest)
}

/** Runs the `pre` (node) or `pre-entrypoint` (container) of a repository action, in "Set up job". */
export async function runActionPreAt(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
): Promise<void> {
  if (!location.repository) return
  const manifest = loadActionAt(run, state, step, location.dir)
  if ('ok' in manifest) return
  if (isDockerAction(manifest)) return runDockerActionPre(run, state, step, location, manifest)
  return runNodeActionPre(run, state, step, location)
}
