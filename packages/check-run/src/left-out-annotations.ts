import { escapeCell, utf8Bytes } from '@pipeline-kit/common'
import type { CheckAnnotation } from './publish-check-run'

const MESSAGE_CHARS = 200

/**
 * The job-summary section for the annotations a check run left out (past max-annotations):
 * how many, then each one's level, place, title and first message line, in a collapsed
 * table kept under maxBytes; rows past that are counted, not dropped silently.
 * Empty when nothing was left out.
 */
export function renderLeftOutAnnotations(
  leftOut: readonly CheckAnnotation[],
  options: { readonly checkName: string; readonly max: number; readonly maxBytes?: number },
): string {
  if (leftOut.length === 0) return ''
  const maxBytes = options.maxBytes ?? 200_000
  const head = [
    `> **${leftOut.length} annotation${leftOut.length === 1 ? ' was' : 's were'} left out of the check run '${options.checkName}'** (\`max-annotations: ${options.max}\`); they are listed below.`,
    '',
    '<details><summary>Annotations not on the check run</summary>',
    '',
    '| Level | Place | Title | Message |',
    '| --- | --- | --- | --- |',
  ].join('\n')
  const rows: string[] = []
  let used = utf8Bytes(head) + 200
  for (const a of leftOut) {
    const place =
      a.start_line === a.end_line ? `${a.path}:${a.start_line}` : `${a.path}:${a.start_line}-${a.end_line}`
    const first = (a.message.split('\n', 1)[0] ?? '').slice(0, MESSAGE_CHARS)
    const row = `| ${a.annotation_level} | ${escapeCell(place)} | ${escapeCell(a.title ?? '')} | ${escapeCell(first)} |`
    used += utf8Bytes(row) + 1
    if (used > maxBytes) break
    rows.push(row)
  }
  const rest = leftOut.length - rows.length
  const tail =
    rest > 0 ? [`\n_…and ${rest} more, not listed to keep the job summary within its size limit._`] : []
  return [head, ...rows, ...tail, '', '</details>'].join('\n')
}
