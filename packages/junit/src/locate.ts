import { findFiles } from '@pipeline-kit/common'
import { isAbsolute, relative } from 'node:path'
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
export async function indexWorkspaceFiles(root: string): Promise<WorkspaceFiles> {
  const { files } = await findFiles(['**/*', '!.git/**'], root)
  return createWorkspaceFiles(
    root,
    files.map((f) => relative(root, f)),
  )
}

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
const JVM_FRAME = /at ((?:[\w$]+\.)*)[\w$]+\.[\w$<>-]+\(([\w$-]+\.(?:java|kt|kts|scala|groovy|clj)):(\d+)\)/g
const PATH_LINE =
  /(?:^|[\s(["'`]|file:\/\/)((?:[A-Za-z]:)?[\w.@~+\-/\\]*[\w@~+-]\.[A-Za-z][\w]{0,9}):(\d+)(?::(\d+))?/gm

/** Path-and-line candidates in a stack trace or message, in the order they appear. */
export function stackTraceCandidates(text: string): { path: string; line: number; column?: number }[] {
  const found: { index: number; path: string; line: number; column?: number }[] = []
  const add = (index: number, path: string, line: string, column?: string) => {
    const n = Number(line)
    if (n > 0) found.push({ index, path, line: n, column: column ? Number(column) : undefined })
  }
  for (const m of text.matchAll(PYTHON_FRAME)) add(m.index, m[1]!, m[2]!)
  for (const m of text.matchAll(DOTNET_FRAME)) add(m.index, m[1]!, m[2]!)
  for (const m of text.matchAll(JVM_FRAME)) {
    const pkg = m[1]!.replace(/\./g, '/')
    add(m.index, pkg + m[2]!, m[3]!)
  }
  for (const m of text.matchAll(PATH_LINE)) add(m.index, m[1]!, m[2]!, m[3])
  return found.sort((a, b) => a.index - b.index).map(({ index: _i, ...rest }) => rest)
}

const MAX_SCANNED = 32 * 1024

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
    const text = `${problem.details.slice(0, MAX_SCANNED)}\n${problem.message.slice(0, 4096)}`
    const frames = stackTraceCandidates(text)
    // Prefer a frame in the test's own file, then any workspace frame.
    let first: SourceLocation | undefined
    for (const frame of frames) {
      const path = files.resolve(frame.path)
      if (!path) continue
      const location = { path, line: frame.line, column: frame.column }
      if (testFile && path === testFile) return location
      first ??= location
    }
    if (first) return first
  }
  if (testFile) return { path: testFile, line: 1 }
  return undefined
}
