import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ActionManifestError, loadActionManifest, type DeclaredInput } from '@pipeline-kit/action-manifest'
import { annotate, type JobState, type ProcessOutcome, type RunContext } from './run-context'

/** An action.yml the runner loads: its inputs, outputs and `runs`, as plain data. */
export interface LoadedManifest {
  readonly inputs?: Readonly<Record<string, DeclaredInput>>
  readonly outputs?: Readonly<Record<string, { readonly value?: string }>>
  readonly runs?: Readonly<Record<string, unknown>> & { readonly using?: string }
}

/**
 * Loads the action.yml (or action.yaml) of an action folder as GitHub's runner does; a
 * refused manifest is a failed outcome with the runner's log (and its errors as annotations).
 */
export function loadActionAt(
  run: RunContext,
  state: JobState,
  step: { readonly uses: string; readonly label: string },
  dir: string,
): LoadedManifest | ProcessOutcome {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f))
  if (!file)
    return {
      ok: false,
      detail: `no action.yml in ${dir} (is the action in this checkout?)`,
      outputs: {},
      tail: [],
    }
  try {
    return loadActionManifest(readFileSync(file, 'utf8'), manifestName(step.uses, file)) as LoadedManifest
  } catch (error) {
    if (!(error instanceof ActionManifestError)) throw error
    for (const message of error.errors) annotate(run, state, step.label, 'error', message)
    return { ok: false, detail: error.message, outputs: {}, tail: [] }
  }
}

/**
 * How the runner names a manifest in its errors: relative to its actions folder for a
 * downloaded action (`<owner>/<repo>/<ref>/<path>/action.yml`), the full path for a local one.
 */
export function manifestName(uses: string, file: string): string {
  const remote = /^([^/@]+\/[^/@]+)\/([^@]+)@(.+)$/.exec(uses)
  return remote ? `${remote[1]}/${remote[3]}/${remote[2]}/${basename(file)}` : file
}
