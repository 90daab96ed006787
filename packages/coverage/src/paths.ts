import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs'
import { join, posix } from 'node:path'
import type { CoverageReport, FileCoverage, ReportWarning } from './model'

export interface PathOptions {
  /** Absolute path of the workspace; every path becomes relative to it. */
  readonly workspace: string
  /** Prefixes to strip first (e.g. a container's `/app/`). */
  readonly prefixes?: readonly string[]
  /** The report's folder (workspace-relative): coverage.py writes paths relative to where it ran. */
  readonly reportDir?: string
  /** Whether a workspace-relative path is a file; default: looks on disk. */
  readonly exists?: (relative: string) => boolean
  /**
   * Workspace files ending in `/<suffix>`, for package-relative paths (JaCoCo's
   * `com/acme/App.java` is `src/main/java/com/acme/App.java`); default: a walk of the
   * workspace, made once and only when a path needs it.
   */
  readonly filesEndingWith?: (suffix: string) => readonly string[]
}

export interface NormalisedReport {
  readonly files: Map<string, FileCoverage>
  /** Paths (after normalising) that are no file of the workspace. */
  readonly unmatched: readonly string[]
  readonly warnings: ReportWarning[]
}

const slashes = (path: string) => path.replace(/\\/g, '/').replace(/^file:\/\//, '')
const isAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:\//.test(path)

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn'])
const MAX_INDEXED_FILES = 200_000

/** Workspace files by base name (walked once, lazily; skips node_modules and VCS folders). */
export function diskSuffixIndex(workspace: string): (suffix: string) => readonly string[] {
  let byName: Map<string, string[]> | undefined
  const build = () => {
    const index = new Map<string, string[]>()
    let count = 0
    const walk = (dir: string, prefix: string) => {
      let entries: Dirent[]
      try {
        entries = readdirSync(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const entry of entries) {
        if (count >= MAX_INDEXED_FILES) return
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), `${prefix}${entry.name}/`)
        } else if (entry.isFile()) {
          count++
          const list = index.get(entry.name) ?? []
          list.push(`${prefix}${entry.name}`)
          index.set(entry.name, list)
        }
      }
    }
    walk(workspace, '')
    return index
  }
  return (suffix) => {
    byName ??= build()
    const name = suffix.slice(suffix.lastIndexOf('/') + 1)
    return (byName.get(name) ?? []).filter((path) => path === suffix || path.endsWith(`/${suffix}`))
  }
}

/** A file-existence check on disk, cached. */
export function diskExists(workspace: string): (relative: string) => boolean {
  const cache = new Map<string, boolean>()
  return (relative) => {
    let found = cache.get(relative)
    if (found === undefined) {
      const full = join(workspace, relative)
      found = existsSync(full) && statSync(full).isFile()
      cache.set(relative, found)
    }
    return found
  }
}

/**
 * Rewrites a report's paths to workspace-relative ones: strips configured prefixes, absolute
 * prefixes of the workspace, resolves against the report's roots (Cobertura `<source>`),
 * and for absolute paths from another machine finds the longest suffix that is a workspace
 * file; a relative path found nowhere else is tried beside the report, then as the end of
 * exactly one workspace file (package-relative JaCoCo paths). Paths found
 * nowhere are kept (normalised) and listed, and a report none of whose
 * paths exist gets a warning saying what to set.
 */
export function normaliseReportPaths(report: CoverageReport, options: PathOptions): NormalisedReport {
  const workspace = slashes(options.workspace).replace(/\/+$/, '')
  const exists = options.exists ?? diskExists(options.workspace)
  const filesEndingWith = options.filesEndingWith ?? diskSuffixIndex(options.workspace)
  const prefixes = (options.prefixes ?? []).map((p) => slashes(p).replace(/\/*$/, '/'))
  const roots = report.roots.map((r) => slashes(r).replace(/\/+$/, ''))
  const files = new Map<string, FileCoverage>()
  const unmatched: string[] = []

  const relative = (path: string): string | undefined => {
    const clean = posix.normalize(path)
    if (!isAbsolute(clean)) return clean.replace(/^(\.\/)+/, '')
    if (clean === workspace || clean.startsWith(`${workspace}/`)) return clean.slice(workspace.length + 1)
    return undefined
  }
  const bySuffix = (absolute: string): string | undefined => {
    const parts = absolute.split('/').filter((p) => p && !/^[A-Za-z]:$/.test(p))
    for (let i = 1; i < parts.length; i++) {
      const candidate = parts.slice(i).join('/')
      if (exists(candidate)) return candidate
    }
    return undefined
  }

  for (const [original, file] of report.files) {
    let path = slashes(original)
    for (const prefix of prefixes) {
      if (path.startsWith(prefix)) {
        path = path.slice(prefix.length)
        break
      }
    }
    const besideReport =
      options.reportDir && options.reportDir !== '.' ? [`${slashes(options.reportDir)}/${path}`] : []
    const candidates = isAbsolute(path)
      ? [path]
      : [...roots.map((root) => `${root}/${path}`), path, ...besideReport]
    let chosen: string | undefined
    let fallback: string | undefined
    for (const candidate of candidates) {
      const rel = relative(candidate)
      if (rel !== undefined) {
        fallback ??= rel
        if (exists(rel)) {
          chosen = rel
          break
        }
      } else {
        const found = bySuffix(posix.normalize(candidate))
        if (found) {
          chosen = found
          break
        }
      }
    }
    if (!chosen && !isAbsolute(path) && !path.startsWith('../')) {
      // A package-relative path: the one workspace file that ends with it, if only one does.
      const found = filesEndingWith(posix.normalize(path).replace(/^(\.\/)+/, ''))
      if (found.length === 1) chosen = found[0]
    }
    if (!chosen) {
      chosen = fallback ?? posix.normalize(path)
      unmatched.push(chosen)
    }
    file.path = chosen
    const existing = files.get(chosen)
    if (existing && existing !== file) {
      // Two entries of one report naming the same file (e.g. through two roots): keep both lines.
      for (const [line, hits] of file.lines)
        existing.lines.set(line, Math.max(existing.lines.get(line) ?? 0, hits))
      for (const [line, c] of file.branches) if (!existing.branches.has(line)) existing.branches.set(line, c)
      for (const [key, fn] of file.functions)
        if (!existing.functions.has(key)) existing.functions.set(key, fn)
    } else files.set(chosen, file)
  }

  const warnings: ReportWarning[] = []
  if (report.files.size > 0 && unmatched.length === report.files.size) {
    warnings.push({
      file: report.source,
      message:
        `none of the ${report.files.size} paths in this report is a file of the workspace (e.g. '${unmatched[0]}'): ` +
        "it was probably written on another machine or in another directory; set 'path-prefix' to the prefix to strip",
    })
  } else if (unmatched.length > 0) {
    warnings.push({
      file: report.source,
      message: `${unmatched.length} of ${report.files.size} paths are no file of the workspace (e.g. '${unmatched[0]}')`,
    })
  }
  return { files, unmatched, warnings }
}
