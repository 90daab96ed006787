import { globSync } from 'tinyglobby'

/** The files hashFiles(patterns) reads, below the workspace, sorted. */
export function hashFilesSync(patterns: readonly string[], workspace: string): string[] {
  const files = globSync([...patterns], {
    cwd: workspace,
    absolute: true,
    ignore: ['**/node_modules/**'],
    onlyFiles: true,
  })
  return [...new Set(files)].sort()
}
