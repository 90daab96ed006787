import { UserError } from '@pipeline-kit/common'

/** An inclusive range of HTTP status codes. */
export interface StatusRange {
  readonly from: number
  readonly to: number
}

/**
 * Parses '200-299,304' into ranges. Each item is a code (100–599) or 'low-high'.
 * Throws a UserError naming the input and the bad item.
 */
export function parseStatusRanges(text: string, inputName = 'expect-status'): StatusRange[] {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0)
    throw new UserError(`Input '${inputName}' is empty: expected status codes like 200-299,304`)
  return items.map((item) => {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(item)
    const from = Number(match?.[1])
    const to = match?.[2] ? Number(match[2]) : from
    if (!match || from < 100 || to > 599 || from > to) {
      throw new UserError(
        `Input '${inputName}' has invalid value '${item}': expected a status code (100-599) or a range like 200-299`,
      )
    }
    return { from, to }
  })
}

export function statusMatches(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to)
}

export function formatStatusRanges(ranges: readonly StatusRange[]): string {
  return ranges.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(',')
}
