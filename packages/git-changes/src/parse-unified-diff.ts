import { groupLines, type ChangedFiles } from './line-ranges'

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/

/**
 * The lines each file gained or changed in a unified diff (new-side line numbers).
 * Deleted files and pure deletions contribute nothing; a renamed file counts under its
 * new path. Works with any context size, not only --unified=0.
 */
export function parseUnifiedDiff(diff: string): ChangedFiles {
  const changes = new Map<string, number[]>()
  let current: number[] | undefined
  let newLine = 0
  let inHunk = false
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined
      inHunk = false
      continue
    }
    if (!inHunk && line.startsWith('+++ ')) {
      const path = parseDiffPath(line.slice(4))
      current = path === undefined ? undefined : (changes.get(path) ?? [])
      if (path !== undefined && current) changes.set(path, current)
      continue
    }
    const hunk = HUNK.exec(line)
    if (hunk) {
      inHunk = true
      newLine = Number(hunk[1])
      continue
    }
    if (!inHunk || !current) continue
    if (line.startsWith('+')) current.push(newLine++)
    else if (line.startsWith(' ')) newLine++
    // '-' lines and '\ No newline at end of file' do not move the new side.
  }
  const result = new Map<string, ReturnType<typeof groupLines>>()
  for (const [path, lines] of changes) if (lines.length > 0) result.set(path, groupLines(lines))
  return result
}

/** `b/src/a.ts` → `src/a.ts`; `/dev/null` → undefined; git's C-quoted form decoded. */
function parseDiffPath(raw: string): string | undefined {
  let path = raw.replace(/\t.*$/, '')
  if (path === '/dev/null') return undefined
  if (path.startsWith('"') && path.endsWith('"')) path = unquoteC(path.slice(1, -1))
  return path.replace(/^[a-z]\//, '')
}

/** git quotes unusual paths C-style with octal escapes for non-ASCII bytes. */
function unquoteC(quoted: string): string {
  const bytes: number[] = []
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i]!
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'))
      continue
    }
    const next = quoted[++i] ?? ''
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(quoted.slice(i, i + 3), 8))
      i += 2
    } else {
      const escapes: Record<string, string> = {
        n: '\n',
        t: '\t',
        '"': '"',
        '\\': '\\',
        a: '\x07',
        b: '\b',
        f: '\f',
        r: '\r',
        v: '\v',
      }
      bytes.push(...Buffer.from(escapes[next] ?? next, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}
