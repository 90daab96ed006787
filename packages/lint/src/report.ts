import {
  emptyCounts,
  SEVERITIES,
  type Diagnostic,
  type Severity,
  type SeverityCounts,
  type ToolResult,
} from './model'

/** Lines changed per repository-relative file (the shape @pipeline-kit/git-changes returns). */
export type ChangedLines = ReadonlyMap<string, readonly { readonly start: number; readonly end: number }[]>

export type OnlyChanged = 'off' | 'lines' | 'files'
export type FailLevel = 'error' | 'warning' | 'none'

export interface ToolSummary {
  readonly tool: string
  readonly status: ToolResult['status']
  readonly command: string
  readonly exitCode?: number
  readonly durationMs: number
  readonly problem?: string
  readonly outputTail?: string
  /** Findings after only-changed filtering, per severity. */
  readonly counts: SeverityCounts
  /** Findings dropped by only-changed. */
  readonly filteredOut: number
}

/** The normalised result of a lint run: what the JSON report holds. */
export interface LintReport {
  readonly tools: readonly ToolSummary[]
  /** Kept findings, sorted by file, line, column, tool. */
  readonly diagnostics: readonly (Diagnostic & { readonly group?: string })[]
  readonly counts: SeverityCounts & { readonly total: number }
  /** Findings per tool name as reported in diagnostics (a SARIF run's own tool name for `sarif`). */
  readonly byTool: Readonly<Record<string, SeverityCounts>>
  /** Locations (file:line) several tools flagged, with the tools. */
  readonly groups: readonly {
    readonly key: string
    readonly tools: readonly string[]
    readonly count: number
  }[]
  readonly onlyChanged: OnlyChanged
  readonly filteredOut: number
}

/** True when a finding sits on a changed line (`lines`) or in a changed file (`files`). */
export function isOnChangedLine(
  d: Diagnostic,
  changed: ChangedLines,
  mode: Exclude<OnlyChanged, 'off'>,
): boolean {
  if (!d.file) return false
  const ranges = changed.get(d.file)
  if (!ranges) return false
  if (mode === 'files' || d.line === undefined) return mode === 'files' || ranges.length > 0
  const start = d.line
  const end = Math.max(d.endLine ?? start, start)
  return ranges.some((r) => r.start <= end && start <= r.end)
}

/** Code-unit order (not locale order: stable across machines and much faster on 100k findings). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compare(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.tool, b.tool)
  )
}

/**
 * Builds the report: filters findings to changed lines or files when asked (a finding on
 * a whole changed file counts as changed), sorts them, counts them per severity and tool,
 * and groups locations flagged by more than one tool (kept, never deduplicated away).
 */
export function buildReport(
  results: readonly ToolResult[],
  options: { onlyChanged?: OnlyChanged; changed?: ChangedLines } = {},
): LintReport {
  const mode = options.onlyChanged ?? 'off'
  const keep = (d: Diagnostic) =>
    mode === 'off' || !options.changed || isOnChangedLine(d, options.changed, mode)
  const kept: Diagnostic[] = []
  const tools: ToolSummary[] = []
  let filteredOut = 0
  for (const r of results) {
    const counts = emptyCounts()
    let dropped = 0
    for (const d of r.diagnostics) {
      if (keep(d)) {
        kept.push(d)
        counts[d.severity]++
      } else dropped++
    }
    filteredOut += dropped
    tools.push({
      tool: r.tool,
      status: r.status,
      command: r.command,
      exitCode: r.exitCode,
      durationMs: Math.round(r.durationMs),
      problem: r.problem,
      outputTail: r.outputTail,
      counts,
      filteredOut: dropped,
    })
  }
  kept.sort(compare)
  const byLocation = new Map<string, Set<string>>()
  const locationCount = new Map<string, number>()
  for (const d of kept) {
    if (!d.file || d.line === undefined) continue
    const key = `${d.file}:${d.line}`
    let set = byLocation.get(key)
    if (!set) byLocation.set(key, (set = new Set()))
    set.add(d.tool)
    locationCount.set(key, (locationCount.get(key) ?? 0) + 1)
  }
  const shared = new Set([...byLocation].filter(([, s]) => s.size > 1).map(([k]) => k))
  const diagnostics = kept.map((d) => {
    const key = d.file && d.line !== undefined ? `${d.file}:${d.line}` : undefined
    return key && shared.has(key) ? { ...d, group: key } : d
  })
  const counts = emptyCounts()
  const byTool: Record<string, SeverityCounts> = {}
  for (const d of diagnostics) {
    counts[d.severity]++
    ;(byTool[d.tool] ??= emptyCounts())[d.severity]++
  }
  for (const r of results) if (r.tool !== 'sarif') byTool[r.tool] ??= emptyCounts()
  return {
    tools,
    diagnostics,
    counts: { ...counts, total: diagnostics.length },
    byTool,
    groups: [...shared].map((key) => ({
      key,
      tools: [...byLocation.get(key)!].sort(),
      count: locationCount.get(key)!,
    })),
    onlyChanged: mode,
    filteredOut,
  }
}

/** How many kept findings are at or above the fail level. */
export function countAtOrAbove(report: LintReport, level: FailLevel): number {
  if (level === 'none') return 0
  const levels: Severity[] = level === 'error' ? ['error'] : ['error', 'warning']
  return levels.reduce((n, s) => n + report.counts[s], 0)
}

/**
 * Why the step fails, one line each: missing tools, crashed tools, and findings at or
 * above the fail level. Empty when it passes. Missing and crashed tools fail even with
 * fail-level none: a linter that did not run must never look like a clean result.
 */
export function failureReasons(report: LintReport, level: FailLevel): string[] {
  const reasons: string[] = []
  for (const t of report.tools) if (t.status !== 'ok' && t.problem) reasons.push(t.problem)
  const n = countAtOrAbove(report, level)
  if (n > 0) {
    const what = level === 'error' ? 'error' : 'error or warning'
    reasons.push(`Lint found ${n} ${what}${n === 1 ? '' : 's'} (fail-level: ${level})`)
  }
  return reasons
}

export { SEVERITIES }
