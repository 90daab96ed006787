import { UserError } from './user-error'

export interface FoundFiles {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: readonly string[]
  /** The patterns that matched no file. */
  readonly unmatched: readonly string[]
}

/**
 * Expands glob patterns (a leading ! excludes) below cwd. Pure with respect to inputs:
 * it reads the file system but changes nothing.
 */
export async function findFiles(patterns: readonly string[], cwd: string): Promise<FoundFiles> {
  // Loaded here, not at start: most runs of most actions never expand a glob.
  const { glob } = await import('tinyglobby')
  const includes = patterns.filter((p) => !p.startsWith('!'))
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))
  const found = new Set<string>()
  const unmatched: string[] = []
  for (const pattern of includes) {
    const matches = await glob(pattern, {
      cwd,
      absolute: true,
      ignore: ['**/node_modules/**', ...excludes],
      dot: true,
      onlyFiles: true,
      expandDirectories: false,
    })
    if (matches.length === 0) unmatched.push(pattern)
    for (const match of matches) found.add(match)
  }
  return { files: [...found].sort(), unmatched }
}

/** Like findFiles, but a pattern list that matched nothing at all is a UserError naming the input. */
export async function findFilesOrFail(
  inputName: string,
  patterns: readonly string[],
  cwd: string,
): Promise<readonly string[]> {
  const { files } = await findFiles(patterns, cwd)
  if (files.length === 0) {
    throw new UserError(
      `Input '${inputName}': no file matched ${patterns.map((p) => `'${p}'`).join(', ')} in ${cwd}; expected at least one report`,
    )
  }
  return files
}
