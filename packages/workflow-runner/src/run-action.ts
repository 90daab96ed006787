import { runCompositeAction } from './composite-action'
import { loadActionAt } from './load-action'
import type { ActionLocation } from './locate-action'
import { runNodeAction, type ActionStep } from './node-action'
import type { JobState, ProcessOutcome, RunContext } from './run-context'

/** Runs the action in a folder by its kind: a composite's steps, or a node action's scripts. */
export async function runActionAt(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
): Promise<ProcessOutcome> {
  const manifest = loadActionAt(run, state, step, location.dir)
  if ('ok' in manifest) return manifest
  if (manifest.runs?.using === 'composite') return runCompositeAction(run, state, step, location, manifest)
  return runNodeAction(run, state, step, location, manifest)
}
