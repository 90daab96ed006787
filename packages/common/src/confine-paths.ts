import { realpath } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'
import { UserError } from './user-error'

/** A folder files may be read from, by the name a message gives it (e.g. `GITHUB_WORKSPACE`). */
export interface AllowedRoot {
  readonly name: string
  readonly path: string
  /** Folders below it that are refused all the same, each with the reason a message gives. */
  readonly except?: readonly { readonly path: string; readonly reason: string }[]
}

export interface ConfineOptions {
  /** The input the paths came from, named in the error. */
  readonly input: string
  readonly roots: readonly AllowedRoot[]
  /** What the files are, for the error: `report files`. */
  readonly kind: string
  /** What the error suggests to read files elsewhere anyway, e.g. `Set allow-outside-workspace: true …`. */
  readonly override: string
}

const inside = (path: string, root: string) => {
  const rel = relative(root, path)
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`))
}

const realOrSelf = (path: string) => realpath(path).catch(() => path)

/**
 * Checks that every file lies inside one of the roots once symlinks are resolved (a link in
 * the workspace to `/etc/passwd` is outside), before anything is read from it. Returns the
 * files as given; throws a UserError naming the input, each refused path (and what it
 * resolves to) and where files are expected.
 */
export async function confineToRoots(
  files: readonly string[],
  options: ConfineOptions,
): Promise<readonly string[]> {
  const roots = await Promise.all(
    options.roots.map(async (root) => ({
      ...root,
      real: await realOrSelf(root.path),
      except: await Promise.all(
        (root.except ?? []).map(async (e) => ({ reason: e.reason, real: await realOrSelf(e.path) })),
      ),
    })),
  )
  const refused: string[] = []
  for (const file of files) {
    const real = await realOrSelf(file)
    const root = roots.find((r) => inside(real, r.real))
    const excluded = root?.except.find((e) => inside(real, e.real))
    const why = excluded ? excluded.reason : root ? undefined : 'outside the workspace'
    if (why) refused.push(real === file ? `'${file}' is ${why}` : `'${file}' resolves to '${real}', ${why}`)
  }
  if (refused.length === 0) return files
  const where = options.roots.map((r) => `${r.name} (${r.path})`).join(' or ')
  const listed =
    refused.slice(0, 3).join('; ') + (refused.length > 3 ? `; and ${refused.length - 3} more` : '')
  throw new UserError(
    `Input '${options.input}': ${listed}; expected ${options.kind} inside ${where}. ${options.override}`,
  )
}
