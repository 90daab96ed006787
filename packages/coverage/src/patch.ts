import type { ChangedFiles, LineRange } from '@pipeline-kit/git-changes'
import { isLineChanged } from '@pipeline-kit/git-changes'
import type { FileCoverage } from './model'
import { percent } from './percent'

export interface PatchFile {
  readonly path: string
  readonly covered: number
  readonly total: number
  /** Changed executable lines not covered, grouped into ranges. */
  readonly uncovered: readonly LineRange[]
}

/** Coverage of the executable lines a change touched. */
export interface PatchCoverage {
  readonly covered: number
  readonly total: number
  readonly percent: number | undefined
  readonly files: readonly PatchFile[]
  /** Changed files the reports describe only by totals (no lines to match). */
  readonly withoutLineData: readonly string[]
}

/**
 * Patch (diff) coverage: of the executable lines the change touched, how many were run.
 * Changed lines that are not executable (comments, blank lines, files without coverage
 * such as docs) do not count. Uncovered changed lines are grouped into ranges; a range
 * goes on across non-executable lines but stops at any covered or unchanged executable line.
 */
export function computePatchCoverage(
  files: ReadonlyMap<string, FileCoverage>,
  changes: ChangedFiles,
): PatchCoverage {
  const result: PatchFile[] = []
  const withoutLineData: string[] = []
  let covered = 0
  let total = 0
  for (const path of [...changes.keys()].sort()) {
    const file = files.get(path)
    if (!file) continue
    if (file.lines.size === 0) {
      if (file.summary?.lines?.total) withoutLineData.push(path)
      continue
    }
    const executable = [...file.lines.keys()].sort((a, b) => a - b)
    let fileCovered = 0
    let fileTotal = 0
    const uncovered: LineRange[] = []
    let open: { start: number; end: number } | undefined
    for (const line of executable) {
      const changed = isLineChanged(changes, path, line)
      const hit = (file.lines.get(line) ?? 0) > 0
      if (changed) {
        fileTotal++
        if (hit) fileCovered++
      }
      if (changed && !hit) {
        if (open) open.end = line
        else open = { start: line, end: line }
      } else if (open) {
        uncovered.push(open)
        open = undefined
      }
    }
    if (open) uncovered.push(open)
    if (fileTotal === 0) continue
    covered += fileCovered
    total += fileTotal
    result.push({ path, covered: fileCovered, total: fileTotal, uncovered })
  }
  return { covered, total, percent: percent({ covered, total }), files: result, withoutLineData }
}
