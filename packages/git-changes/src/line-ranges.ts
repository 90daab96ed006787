/** An inclusive range of 1-based line numbers. */
export interface LineRange {
  readonly start: number
  readonly end: number
}

/** Changed lines per repository-relative path (forward slashes). */
export type ChangedFiles = ReadonlyMap<string, readonly LineRange[]>

/** Groups line numbers (any order, duplicates allowed) into sorted, maximal consecutive ranges. */
export function groupLines(lines: Iterable<number>): LineRange[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const ranges: LineRange[] = []
  for (const line of sorted) {
    const last = ranges.at(-1)
    if (last && line === last.end + 1) ranges[ranges.length - 1] = { start: last.start, end: line }
    else ranges.push({ start: line, end: line })
  }
  return ranges
}

/** Whether `line` of `file` is among the changed lines. */
export function isLineChanged(changes: ChangedFiles, file: string, line: number): boolean {
  const ranges = changes.get(file)
  if (!ranges) return false
  // Ranges are sorted and disjoint: binary search keeps this cheap for large diffs.
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const range = ranges[mid]!
    if (line < range.start) hi = mid - 1
    else if (line > range.end) lo = mid + 1
    else return true
  }
  return false
}

/** Number of lines the ranges cover. */
export function countLines(ranges: readonly LineRange[]): number {
  return ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0)
}
