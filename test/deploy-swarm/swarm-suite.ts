import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { dockerRemove } from '../services'
import { buildServeImage, ensureSwarmManager, removeSwarmObjects } from './swarm-fixtures'

/** An image a suite serves: `body` on /, with the healthy HEALTHCHECK unless one is given. */
export interface ServeImage {
  readonly tag: string
  readonly body: string
  readonly healthcheck?: string
}

/** A short random suffix, so suites running at once never share a service or image name. */
export const suiteId = (): string => randomBytes(3).toString('hex')

/**
 * Registers the hooks every swarm suite shares: before it, a single-node swarm manager
 * and the suite's serve images; after it (after the suite's own afterAll hooks), its
 * services, stacks and images removed.
 */
export function useSwarmSuite(suite: {
  readonly images: readonly ServeImage[]
  readonly services?: readonly string[]
  readonly stacks?: readonly string[]
}): void {
  beforeAll(() => {
    ensureSwarmManager()
    for (const image of suite.images) buildServeImage(image.tag, image.body, image.healthcheck)
  })
  afterAll(() => {
    removeSwarmObjects(suite.services ?? [], suite.stacks ?? [])
    dockerRemove(
      'image',
      suite.images.map((image) => image.tag),
    )
  })
}
