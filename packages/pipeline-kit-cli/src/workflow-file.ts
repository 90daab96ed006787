import { UserError } from '@pipeline-kit/common'

/** The file system questions resolveWorkflowFile asks, so it is tested with plain data. */
export interface WorkflowFiles {
  /** True when the path is a file. */
  isFile(path: string): boolean
  /** The file names in a folder (empty when it does not exist). */
  list(dir: string): readonly string[]
  resolve(...parts: string[]): string
}

/**
 * The workflow to run: a path (from the current folder or the repository root), or a name under
 * `.github/workflows` with or without `.yml`/`.yaml`; without one, the repository's only
 * workflow. Anything else is a UserError listing the workflows there are.
 */
export function resolveWorkflowFile(
  given: string | undefined,
  cwd: string,
  root: string,
  files: WorkflowFiles,
): string {
  const dir = files.resolve(root, '.github', 'workflows')
  const available = files
    .list(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
  const choices = available.length > 0 ? available.join(', ') : 'none'
  if (given === undefined) {
    if (available.length === 1) return files.resolve(dir, available[0]!)
    throw new UserError(`name the workflow to run: pipeline-kit run <workflow> (in ${dir}: ${choices})`)
  }
  const candidates = [
    files.resolve(cwd, given),
    files.resolve(root, given),
    files.resolve(dir, given),
    files.resolve(dir, `${given}.yml`),
    files.resolve(dir, `${given}.yaml`),
  ]
  const found = candidates.find((path) => files.isFile(path))
  if (found) return found
  throw new UserError(`workflow '${given}' not found, as a path or in ${dir} (workflows there: ${choices})`)
}
