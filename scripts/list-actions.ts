import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..')

/** Folders under actions/ that hold an action.yml, sorted by name. */
export function listActionDirs(root: string = repoRoot): string[] {
  const actionsDir = join(root, 'actions')
  if (!existsSync(actionsDir)) return []
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actionsDir, entry.name, 'action.yml')))
    .map((entry) => join(actionsDir, entry.name))
    .sort()
}
