import { escapeHtml } from '@pipeline-kit/common'
import type { Counter } from './model'
import { meetsThreshold, parsePercentThreshold, percent } from './percent'

const COLORS = [
  ['90', '#4c1'],
  ['80', '#97ca00'],
  ['70', '#a4a61d'],
  ['60', '#dfb317'],
  ['50', '#fe7d37'],
].map(([min, color]) => ({ min: parsePercentThreshold(min!)!, color: color! }))

/** The badge colour for a coverage, as shields.io's coverage badges choose it (on the exact counts). */
export function badgeColor(counter: Counter): string {
  if (counter.total === 0) return '#9f9f9f'
  return COLORS.find((c) => meetsThreshold(counter, c.min))?.color ?? '#e05d44'
}

/** Approximate width of text in 11px Verdana, as flat badges are drawn. */
function textWidth(text: string): number {
  let width = 0
  for (const ch of text)
    width += /[ilj.,:;|!'1 ]/.test(ch) ? 4 : /[mwMW%]/.test(ch) ? 10 : /[A-Z0-9]/.test(ch) ? 7.5 : 6.5
  return Math.round(width)
}

/**
 * A flat SVG badge `label | 85.7%` of a coverage, one decimal rounded as everywhere else
 * (never 100% unless complete), `unknown` for 0 of 0 (self-contained, no fonts or links fetched).
 */
export function renderCoverageBadge(label: string, counter: Counter): string {
  const value = percent(counter, 1)
  const message = value === undefined ? 'unknown' : `${Number.isInteger(value) ? value : value.toFixed(1)}%`
  const left = textWidth(label) + 10
  const right = textWidth(message) + 10
  const width = left + right
  const color = badgeColor(counter)
  const l = escapeHtml(label)
  const m = escapeHtml(message)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${m}">
<title>${l}: ${m}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${left / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${left / 2}" y="14">${l}</text>
<text x="${left + right / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${left + right / 2}" y="14">${m}</text>
</g>
</svg>
`
}
