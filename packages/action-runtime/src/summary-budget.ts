import { GITHUB_LIMITS, truncateUtf8, utf8Bytes } from '@pipeline-kit/common'

/**
 * Tracks how much of a step's 1 MiB job summary is used, so later sections are cut
 * with an explicit notice instead of GitHub rejecting the whole summary.
 */
export class SummaryBudget {
  private used = 0
  constructor(private readonly limit: number = GITHUB_LIMITS.summaryBytes) {}

  /** The part of markdown that still fits (with a truncation notice when cut). */
  fit(markdown: string): string {
    const remaining = this.limit - this.used
    if (remaining <= 200) return ''
    const text = truncateUtf8(markdown, remaining, 'the job summary')
    this.used += utf8Bytes(text)
    return text
  }

  get usedBytes(): number {
    return this.used
  }
}
