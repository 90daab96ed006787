import { escapeHtml } from '@pipeline-kit/common'

/** The badge colour for a percentage, as shields.io's coverage badges choose it. */
export function badgeColor(value: number | undefined): string {
  if (value === undefined) return '#9f9f9f'
  if (value >= 90) return '#4c1'
  if (value >= 80) return '#97ca00'
  if (value >= 70) return '#a4a61d'
  if (value >= 60) return '#dfb317'
  if (value >= 50) return '#fe7d37'
  return '#e05d44'
}

/** Approximate width of text in 11px Verdana, as flat badges are drawn. */
function textWidth(text: string): number {
  let width = 0
  for (const ch of text)
    width += /[ilj.,:;|!'1 ]/.test(ch) ? 4 : /[mwMW%]/.test(ch) ? 10 : /[A-Z0-9]/.test(ch) ? 7.5 : 6.5
  return Math.round(width)
}

/** A flat SVG badge `label | 85%` (self-contained, no fonts or links fetched). */
export function renderCoverageBadge(label: string, value: number | undefined): string {
  const message = value === undefined ? 'unknown' : `${Number.isInteger(value) ? value : value.toFixed(1)}%`
  const left = textWidth(label) + 10
  const right = textWidth(message) + 10
  const width = left + right
  const color = badgeColor(value)
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
