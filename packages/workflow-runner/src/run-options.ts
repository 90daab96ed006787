import { UserError } from '@pipeline-kit/common'
import type { Reporter } from './types'

export interface RunWorkflowOptions {
  /** The workflow file to run. */
  readonly workflow: string
  /** The pipeline-kit checkout whose actions/<name> folders `uses:` of this toolkit map to. */
  readonly toolkitRoot: string
  /** The working tree actions/checkout copies into each job's workspace. */
  readonly source: string
  /** The event; default a push of the default branch. */
  readonly event?: { readonly name: string; readonly payload: Record<string, unknown> }
  /** workflow_call / workflow_dispatch inputs (declared defaults fill the rest). */
  readonly inputs?: Readonly<Record<string, string>>
  readonly secrets?: Readonly<Record<string, string>>
  readonly vars?: Readonly<Record<string, string>>
  /** Environment added to every step (e.g. DOCKER_HOST); the runner's own environment is inherited. */
  readonly env?: Readonly<Record<string, string>>
  /** Node binary for node24 actions; default the running Node. */
  readonly nodeBinary?: string
  /** Folder for workspaces, step files, artifacts and logs; default a new temporary folder. */
  readonly workDir?: string
  readonly reporter?: Reporter
  /** Repository slug for the github context; default octo/app. */
  readonly repository?: string
  readonly sha?: string
  /**
   * Remote actions the runner cannot fetch, mapped to local folders:
   * `{ 'owner/repo[/path]@ref': '/path/to/folder' }` (an `owner/repo@ref` entry serves its paths too).
   */
  readonly actionMap?: Readonly<Record<string, string>>
  /** A folder of actions fetched earlier, laid out as the runner's `_actions` (`owner/repo/ref/…`). */
  readonly actionCache?: string
  readonly ref?: string
  /** Jobs to run (`--job`), with every job they need; default all. An unknown id is a UserError. */
  readonly jobs?: readonly string[]
  /** How many jobs run at the same time (`--jobs N`); default the core count. */
  readonly parallelJobs?: number
}

/**
 * The value of `--jobs N`: a whole number from 1; anything else is a UserError naming the
 * flag and the value.
 */
export function parseParallelJobs(value: string, flag = '--jobs'): number {
  if (!/^[1-9][0-9]*$/.test(value))
    throw new UserError(
      `${flag} expects the number of jobs to run at the same time (1 or more), got '${value}'`,
    )
  return Number(value)
}
