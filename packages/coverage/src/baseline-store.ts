import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Logger } from '@pipeline-kit/common'
import { parseBaseline, type CoverageBaseline } from './delta'

/** The Actions cache as the baseline needs it (action-runtime's CacheStore fits). */
export interface BaselineCache {
  restore(paths: readonly string[], key: string, restoreKeys: readonly string[]): Promise<string | undefined>
  save(paths: readonly string[], key: string): Promise<boolean>
}

/** Where baselines live: a file path (any store the workflow syncs), or the Actions cache. */
export type BaselineLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'cache'; readonly cache: BaselineCache; readonly workspace: string; readonly id: string }

export interface LoadedBaseline {
  readonly baseline?: CoverageBaseline
  /** Why there is none, for the summary. */
  readonly note?: string
}

const cachePrefix = (id: string) => `pipeline-kit-coverage-${id}-`
/** Relative to the workspace: the cache version hashes the paths, and the temp dir moves between runs. */
const cacheFile = (id: string) => join('.pipeline-kit-coverage', `${id}.json`)

/** A key-safe id from a title: `Coverage (api)` → `coverage-api`. */
export function baselineId(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'coverage'
  )
}

/** Loads the baseline; a missing one is a note, never an error (a corrupt file is). */
export async function loadBaseline(location: BaselineLocation, log: Logger): Promise<LoadedBaseline> {
  if (location.kind === 'file') {
    if (!existsSync(location.path))
      return {
        note: `no baseline file at ${location.path} yet (it is written on pushes to the default branch).`,
      }
    return { baseline: parseBaseline(await readFile(location.path, 'utf8'), location.path) }
  }
  const relative = cacheFile(location.id)
  const full = join(location.workspace, relative)
  const key = await location.cache.restore([relative], `${cachePrefix(location.id)}latest`, [
    cachePrefix(location.id),
  ])
  if (!key || !existsSync(full))
    return { note: 'no baseline in the Actions cache yet (it is saved on pushes to the default branch).' }
  try {
    log.info(`Restored the coverage baseline from cache entry ${key}`)
    return { baseline: parseBaseline(await readFile(full, 'utf8'), `cache entry ${key}`) }
  } finally {
    await rm(join(location.workspace, '.pipeline-kit-coverage'), { recursive: true, force: true })
  }
}

/** Stores this run's totals as the baseline; returns a line saying where. */
export async function storeBaseline(
  location: BaselineLocation,
  baseline: CoverageBaseline,
  log: Logger,
): Promise<string> {
  const text = JSON.stringify(baseline, null, 2) + '\n'
  if (location.kind === 'file') {
    await mkdir(dirname(location.path), { recursive: true })
    await writeFile(location.path, text)
    log.info(`Wrote the coverage baseline to ${location.path}`)
    return `baseline written to ${location.path}`
  }
  const relative = cacheFile(location.id)
  const full = join(location.workspace, relative)
  await mkdir(dirname(full), { recursive: true })
  await writeFile(full, text)
  const key = `${cachePrefix(location.id)}${baseline.sha}`
  try {
    const saved = await location.cache.save([relative], key)
    if (saved) log.info(`Saved the coverage baseline as cache entry ${key}`)
    return saved
      ? `baseline saved to the Actions cache as ${key}`
      : 'the baseline could not be saved to the Actions cache'
  } finally {
    await rm(join(location.workspace, '.pipeline-kit-coverage'), { recursive: true, force: true })
  }
}
