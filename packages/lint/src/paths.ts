import { isAbsolute, posix, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Turns a path a tool printed into a repository-relative POSIX path. */
export type PathNormaliser = (raw: string) => string

/**
 * A normaliser for tools that ran in `cwd` inside the repository at `root`: relative paths
 * are resolved against cwd, absolute ones and file:// URIs are made relative to root,
 * Windows separators become slashes. A path outside root stays absolute.
 */
export function createPathNormaliser(root: string, cwd: string = root): PathNormaliser {
  // Reports repeat the same few thousand paths many times: normalise each once.
  const cache = new Map<string, string>()
  return (raw) => {
    let known = cache.get(raw)
    if (known === undefined) cache.set(raw, (known = normalise(raw, root, cwd)))
    return known
  }
}

function normalise(raw: string, root: string, cwd: string): string {
  let path = raw.trim()
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path)
    } catch {
      path = decodeURIComponent(path.slice('file://'.length))
    }
  }
  if (/^[A-Za-z]:[\\/]/.test(path)) return path.replace(/\\/g, '/')
  path = path.replace(/\\/g, '/')
  const absolute = isAbsolute(path) ? path : resolve(cwd, path)
  const rel = relative(root, absolute)
  if (rel.startsWith('..') || isAbsolute(rel)) return absolute.split(sep).join('/')
  return posix.normalize(rel.split(sep).join('/'))
}

/** A normaliser that only cleans separators and leading ./ (for reports read without a checkout). */
export const plainPaths: PathNormaliser = (raw) =>
  raw
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
