import type { Dirent } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { TestCase, TestProblem } from './model'

/** Where a failure is in the workspace: a repository-relative path and a 1-based line. */
export interface SourceLocation {
  readonly path: string
  readonly line: number
  readonly column?: number
}

/** The workspace's files, to map paths from reports and stack traces onto. */
export interface WorkspaceFiles {
  /** The repository-relative path a written path (absolute, relative or a suffix) stands for. */
  resolve(written: string): string | undefined
}

/**
 * An index of the files below root (without .git and node_modules). Paths written by tools
 * are matched exactly, relative to root, or by their longest common suffix, so a report
 * written in a container (/app/src/x.ts) or on another runner still finds src/x.ts.
 */
export async function indexWorkspaceFiles(root: string, maxFiles = 500_000): Promise<WorkspaceFiles> {
  const paths: string[] = []
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return // unreadable folders are not the user's problem here
    }
    for (const entry of entries) {
      if (paths.length >= maxFiles) return
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(join(dir, entry.name), `${prefix}${entry.name}/`)
      } else if (entry.isFile()) paths.push(prefix + entry.name)
    }
  }
  await walk(root, '')
  return createWorkspaceFiles(root, paths)
}

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules'])

/** WorkspaceFiles over a known list of repository-relative paths. */
export function createWorkspaceFiles(root: string, paths: readonly string[]): WorkspaceFiles {
  const all = new Set(paths)
  const byBase = new Map<string, string[]>()
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1)
    const list = byBase.get(base)
    if (list) list.push(path)
    else byBase.set(base, [path])
  }
  const rootSlash = root.endsWith('/') ? root : `${root}/`
  return {
    resolve(written) {
      let path = written
        .trim()
        .replace(/^file:\/\//, '')
        .replace(/\\/g, '/')
      if (isAbsolute(path) && path.startsWith(rootSlash)) path = path.slice(rootSlash.length)
      path = path.replace(/^\.\//, '')
      if (all.has(path)) return path
      if (path.includes('/node_modules/') || path.startsWith('node_modules/')) return undefined
      const base = path.slice(path.lastIndexOf('/') + 1)
      const candidates = byBase.get(base)
      if (!candidates) return undefined
      // The candidate sharing the most trailing path segments with what was written.
      const written_ = path.split('/').reverse()
      let best: string | undefined
      let bestScore = 0
      let tie = false
      for (const candidate of candidates) {
        const parts = candidate.split('/').reverse()
        let score = 0
        while (score < parts.length && score < written_.length && parts[score] === written_[score]) score++
        if (score > bestScore) {
          best = candidate
          bestScore = score
          tie = false
        } else if (score === bestScore) tie = true
      }
      // A bare file name shared by several files is ambiguous: do not guess.
      return tie && bestScore < 2 ? undefined : best
    },
  }
}

const PYTHON_FRAME = /File "([^"]+)", line (\d+)/g
const DOTNET_FRAME = / in (.+?):line (\d+)/g
// `at [module/ or loader//]pkg.Class.method(File.java:12)` (Java 9+ frames name the module or class loader)
const JVM_FRAME =
  /at (?:[\w.$@-]+\/\/?)?((?:[\w$]+\.)*)[\w$]+\.[\w$<>-]+\(([\w$-]+\.(?:java|kt|kts|scala|groovy|clj)):(\d+)\)/g
const LINE_NUMBER = /:(\d+)(?::(\d+))?/g
const PATH_WITH_EXTENSION = /^(?:[A-Za-z]:)?[\w.@~+\-/\\]*[\w@~+-]\.[A-Za-z]\w{0,9}$/
/** [A-Za-z0-9_.@~+\-/\\], by character code: this runs for every character before every `:digits`. */
function isPathChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 45 && code <= 57) || // - . / 0-9
    code === 95 || // _
    code === 64 || // @
    code === 126 || // ~
    code === 43 || // +
    code === 92 // \
  )
}

/**
 * The `path.ext` written right before a `:line` at index `at` (a Windows drive letter
 * included), or undefined. Scanning back from each `:digits` is much cheaper than a
 * path-first regular expression tried at every position of a long trace.
 */
function pathBefore(text: string, at: number): string | undefined {
  let start = at
  while (start > 0 && isPathChar(text.charCodeAt(start - 1))) start--
  // C:\dir\file.cs — a drive letter before the colon we stopped at.
  if (
    start >= 2 &&
    text[start - 1] === ':' &&
    /[A-Za-z]/.test(text[start - 2]!) &&
    (start === 2 || !/\w/.test(text[start - 3]!))
  )
    start -= 2
  const path = text.slice(start, at)
  return path && PATH_WITH_EXTENSION.test(path) ? path : undefined
}

/** Path-and-line candidates in a stack trace or message, in the order they appear. */
export function stackTraceCandidates(text: string): { path: string; line: number; column?: number }[] {
  const found: { index: number; path: string; line: number; column?: number }[] = []
  const spans: [number, number][] = []
  const add = (index: number, path: string, line: string, column?: string) => {
    const n = Number(line)
    if (n > 0) found.push({ index, path, line: n, column: column ? Number(column) : undefined })
  }
  const specific = (m: RegExpExecArray | RegExpMatchArray, path: string, line: string) => {
    spans.push([m.index!, m.index! + m[0].length])
    add(m.index!, path, line)
  }
  if (text.includes('File "')) for (const m of text.matchAll(PYTHON_FRAME)) specific(m, m[1]!, m[2]!)
  if (text.includes(':line ')) for (const m of text.matchAll(DOTNET_FRAME)) specific(m, m[1]!, m[2]!)
  if (text.includes('at '))
    for (const m of text.matchAll(JVM_FRAME)) specific(m, m[1]!.replace(/\./g, '/') + m[2]!, m[3]!)
  for (const m of text.matchAll(LINE_NUMBER)) {
    if (spans.some(([start, end]) => m.index >= start && m.index < end)) continue
    const path = pathBefore(text, m.index)
    if (path) add(m.index - path.length, path.replace(/^file:\/\//, ''), m[1]!, m[2])
  }
  return found.sort((a, b) => a.index - b.index).map(({ index: _i, ...rest }) => rest)
}

const MAX_SCANNED = 8 * 1024

/**
 * Where a failure is: the failure's or the test's own file/line attributes when they name a
 * workspace file, else the first stack-trace frame inside the workspace (outside
 * node_modules), else the test's file at line 1.
 */
export function locateFailure(
  test: Pick<TestCase, 'file' | 'line'>,
  problem: TestProblem | undefined,
  files: WorkspaceFiles,
): SourceLocation | undefined {
  if (problem?.file && problem.line) {
    const path = files.resolve(problem.file)
    if (path) return { path, line: problem.line }
  }
  const testFile = test.file ? files.resolve(test.file) : undefined
  if (testFile && test.line) return { path: testFile, line: test.line }
  if (problem) {
    // A huge message can push the frames to the end: scan the head and the tail.
    const { details } = problem
    const scanned =
      details.length <= 2 * MAX_SCANNED
        ? details
        : `${details.slice(0, MAX_SCANNED)}\n${details.slice(-MAX_SCANNED)}`
    const text = `${scanned}\n${problem.message.slice(0, 4096)}`
    const frames = stackTraceCandidates(text)
    // Prefer a frame in the test's own file, then any workspace frame.
    let first: SourceLocation | undefined
    for (const frame of frames) {
      const path = files.resolve(frame.path)
      if (!path) continue
      const location = { path, line: frame.line, column: frame.column }
      if (!testFile || path === testFile) return location
      first ??= location
    }
    if (first) return first
  }
  if (testFile) return { path: testFile, line: 1 }
  return undefined
}
