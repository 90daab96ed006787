/** Limits GitHub enforces; exceeding them loses data silently, so callers fit within them. */
export const GITHUB_LIMITS = {
  /** The job summary of one step: 1 MiB. */
  summaryBytes: 1024 * 1024,
  /** Characters of an issue or pull-request comment body. */
  commentChars: 65_536,
  /** Characters of a check run's output.summary and output.text each. */
  checkRunTextChars: 65_535,
  /** Annotations a check-run update accepts per request. */
  checkRunAnnotationsPerRequest: 50,
  /** Workflow-command annotations shown per step, per level. */
  annotationsPerStepPerLevel: 10,
  /** Workflow-command annotations shown per job in total. */
  annotationsPerJob: 50,
} as const

/** Byte length of a string in UTF-8. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * Cuts text to at most maxBytes of UTF-8 on a line boundary and appends a line saying
 * what was cut, so a reader never mistakes a truncated report for a complete one.
 */
export function truncateUtf8(text: string, maxBytes: number, what = 'content'): string {
  if (utf8Bytes(text) <= maxBytes) return text
  const notice = (omitted: number) =>
    `\n\n> **Truncated:** ${omitted} more lines of ${what} were cut to stay within GitHub's size limit.\n`
  const lines = text.split('\n')
  const budget = maxBytes - utf8Bytes(notice(lines.length))
  let used = 0
  let kept = 0
  for (const line of lines) {
    const size = utf8Bytes(line) + 1
    if (used + size > budget) break
    used += size
    kept++
  }
  return lines.slice(0, kept).join('\n') + notice(lines.length - kept)
}

/** Cuts text to at most maxChars characters (UTF-16 units, as GitHub counts) with a notice. */
export function truncateChars(text: string, maxChars: number, what = 'content'): string {
  if (text.length <= maxChars) return text
  const notice = `\n\n> **Truncated:** ${what} exceeded ${maxChars} characters; the rest is in the job summary or the JSON report.\n`
  const cut = text.slice(0, Math.max(0, maxChars - notice.length))
  const lineEnd = cut.lastIndexOf('\n')
  return (lineEnd > 0 ? cut.slice(0, lineEnd) : cut) + notice
}
