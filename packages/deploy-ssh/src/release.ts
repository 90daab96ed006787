import { UserError } from '@pipeline-kit/common'

const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** A release id names a directory: letters, digits, `.`, `_`, `-`, not starting with a dot. */
export function validateReleaseId(id: string, input = 'release-id'): string {
  if (!RELEASE_ID.test(id) || id.includes('..')) {
    throw new UserError(
      `Input ${input} has invalid value '${id}': expected 1-128 letters, digits, '.', '_' or '-' (a directory name)`,
    )
  }
  return id
}

/** `20261123T081502Z-0123abc`: sortable, unique per run, names the commit. */
export function defaultReleaseId(sha: string, at: Date = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const short = /^[0-9a-f]{7,}$/i.test(sha) ? sha.slice(0, 7) : 'manual'
  return `${stamp}-${short}`
}

/** What the host holds before a deployment, as read by the prepare script. */
export interface HostState {
  /** The release `current` points at, if any. */
  readonly current?: string
  /** Release ids in the order they went live (oldest first), from `.releases`. */
  readonly history: readonly string[]
  /** Directories under releases/. */
  readonly releases: readonly string[]
  readonly hasRsync: boolean
  readonly exists: boolean
}

/** Parses the `pk:` lines the prepare script prints. */
export function parseHostState(stdout: string): HostState {
  let current: string | undefined
  const history: string[] = []
  const releases: string[] = []
  let hasRsync = false
  let exists = false
  for (const line of stdout.split('\n')) {
    if (line.startsWith('pk:current=')) current = line.slice('pk:current='.length).trim() || undefined
    else if (line.startsWith('pk:history=')) history.push(line.slice('pk:history='.length).trim())
    else if (line.startsWith('pk:release=')) releases.push(line.slice('pk:release='.length).trim())
    else if (line.trim() === 'pk:rsync') hasRsync = true
    else if (line.trim() === 'pk:exists') exists = true
  }
  return { current, history: history.filter(Boolean), releases: releases.filter(Boolean), hasRsync, exists }
}

/** The release before `current` in the history that still exists on the host. */
export function previousRelease(state: HostState): string | undefined {
  const at = state.current ? state.history.lastIndexOf(state.current) : -1
  const before = at >= 0 ? state.history.slice(0, at) : state.history.filter((id) => id !== state.current)
  for (let i = before.length - 1; i >= 0; i--) {
    const id = before[i]!
    if (id !== state.current && state.releases.includes(id)) return id
  }
  return undefined
}

/**
 * Release directories to delete so that only the last `keep` live releases remain (by
 * history); `current` and `protect` are never deleted. Directories that never went live
 * (failed uploads) go too. Names that are not valid release ids are left alone.
 */
export function releasesToPrune(
  history: readonly string[],
  releases: readonly string[],
  keep: number,
  protect: readonly string[],
): string[] {
  const kept = new Set(
    [...new Set(history)]
      .reverse()
      .filter((id) => releases.includes(id))
      .slice(0, keep),
  )
  for (const id of protect) kept.add(id)
  return releases.filter((id) => !kept.has(id) && RELEASE_ID.test(id) && !id.includes('..'))
}
