import { spawnSync } from 'node:child_process'

/** Paths that have a `node_modules` folder among their segments (pnpm's workspace links, installed packages). */
export function nodeModulesPaths(paths: readonly string[]): string[] {
  return paths.filter((path) => path.split('/').includes('node_modules'))
}

/**
 * Files under any `node_modules` folder that git tracks in `root`: `.gitignore` does not
 * stop a file added before the rule or with `git add -f`, and a committed pnpm symlink
 * shadows the one `pnpm install` writes.
 */
export function trackedNodeModules(root: string): string[] {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listed.stderr}`)
  return nodeModulesPaths(listed.stdout.split('\0').filter(Boolean))
}
