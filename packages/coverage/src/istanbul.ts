import { quoteExcerpt, UserError } from '@pipeline-kit/common'
import { fileEntry, type Counter, type CoverageReport, type FileCoverage } from './model'

interface Location {
  readonly start?: { readonly line?: number }
}
interface IstanbulFileData {
  readonly path?: string
  readonly statementMap?: Record<string, Location>
  readonly s?: Record<string, number>
  readonly fnMap?: Record<string, { name?: string; line?: number; decl?: Location; loc?: Location }>
  readonly f?: Record<string, number>
  readonly branchMap?: Record<string, { line?: number; loc?: Location; locations?: Location[] }>
  readonly b?: Record<string, number[]>
}

/**
 * Reads Istanbul's coverage-final.json (nyc, c8, jest, vitest). Lines are derived as
 * Istanbul derives them: each statement counts on its start line, a line's hits being its
 * statements' highest count. Branches are each branch path; functions each fnMap entry.
 */
export function parseIstanbulFinal(json: unknown, source: string): CoverageReport {
  if (!isObject(json)) throw new UserError(`${source}: expected a JSON object keyed by file path`)
  const files = new Map<string, FileCoverage>()
  for (const [key, raw] of Object.entries(json)) {
    const data = (isObject(raw) && isObject(raw.data) ? raw.data : raw) as IstanbulFileData
    if (!isObject(data) || !isObject(data.statementMap)) {
      throw new UserError(
        `${source}: entry ${quoteExcerpt(key)} has no statementMap; expected Istanbul coverage-final.json data`,
      )
    }
    const file = fileEntry(files, typeof data.path === 'string' ? data.path : key)
    for (const [id, location] of Object.entries(data.statementMap)) {
      const line = location.start?.line
      if (!line || line < 1) continue
      const hits = data.s?.[id] ?? 0
      const previous = file.lines.get(line)
      if (previous === undefined || previous < hits) file.lines.set(line, hits)
    }
    for (const [id, fn] of Object.entries(data.fnMap ?? {})) {
      const line = fn.decl?.start?.line ?? fn.loc?.start?.line ?? fn.line ?? 0
      const name = fn.name ?? `(anonymous_${id})`
      file.functions.set(`${line}:${name}#${id}`, { name, line, hits: data.f?.[id] ?? 0 })
    }
    for (const [id, branch] of Object.entries(data.branchMap ?? {})) {
      const counts = data.b?.[id] ?? []
      const line = branch.loc?.start?.line ?? branch.line ?? branch.locations?.[0]?.start?.line ?? 0
      const conditions = file.branches.get(line)
      if (conditions) conditions.push(...counts)
      else file.branches.set(line, [...counts])
    }
  }
  return { source, format: 'istanbul-final', files, roots: [], warnings: [] }
}

interface SummaryMetric {
  readonly total?: number
  readonly covered?: number
}

/**
 * Reads Istanbul's coverage-summary.json (json-summary reporter): totals per file, no line
 * detail, so those files take part in totals and thresholds but not in patch coverage.
 */
export function parseIstanbulSummary(json: unknown, source: string): CoverageReport {
  if (!isObject(json) || !isObject(json.total)) {
    throw new UserError(`${source}: expected Istanbul coverage-summary.json with a "total" entry`)
  }
  const files = new Map<string, FileCoverage>()
  const counter = (metric: unknown): Counter => {
    const m = (isObject(metric) ? metric : {}) as SummaryMetric
    return { covered: Number(m.covered) || 0, total: Number(m.total) || 0 }
  }
  const totalsOf = (entry: Record<string, unknown>) => ({
    lines: counter(entry.lines),
    branches: counter(entry.branches),
    functions: counter(entry.functions),
  })
  for (const [key, entry] of Object.entries(json)) {
    if (key === 'total' || !isObject(entry)) continue
    fileEntry(files, key).summary = totalsOf(entry)
  }
  return {
    source,
    format: 'istanbul-summary',
    files,
    roots: [],
    declared: totalsOf(json.total),
    warnings: [],
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
