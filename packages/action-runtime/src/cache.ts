import { describeError, type Logger } from '@pipeline-kit/common'

// Loaded on first use: @actions/cache brings the Azure storage SDK, which would otherwise
// double the bundle and the cold start of every run that never touches the cache.
const loadCache = () => import('@actions/cache')

/** Save and restore of files through the Actions cache, as packages take it (an interface). */
export interface CacheStore {
  /** The key restored (exact or by prefix), or undefined on a miss or when unavailable. */
  restore(paths: readonly string[], key: string, restoreKeys: readonly string[]): Promise<string | undefined>
  /** Whether the entry was saved; failures (key taken, no permission) are logged, not thrown. */
  save(paths: readonly string[], key: string): Promise<boolean>
}

/**
 * A CacheStore backed by @actions/cache (the runner's cache service). A service that is
 * not configured, unreachable or refuses is a warning: a cache is never worth failing a job.
 */
export function createActionsCacheStore(log: Logger): CacheStore {
  return {
    async restore(paths, key, restoreKeys) {
      const cache = await loadCache()
      if (!cache.isFeatureAvailable()) {
        log.warning('The Actions cache service is not available to this step; nothing restored')
        return undefined
      }
      try {
        return await cache.restoreCache([...paths], key, [...restoreKeys])
      } catch (error) {
        log.warning(`Cache restore of ${key} failed: ${describeError(error)}`)
        return undefined
      }
    },
    async save(paths, key) {
      const cache = await loadCache()
      if (!cache.isFeatureAvailable()) {
        log.warning('The Actions cache service is not available to this step; nothing saved')
        return false
      }
      try {
        return (await cache.saveCache([...paths], key)) !== -1
      } catch (error) {
        log.warning(`Cache save of ${key} failed: ${describeError(error)}`)
        return false
      }
    },
  }
}
