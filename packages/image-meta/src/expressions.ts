import { UserError } from '@pipeline-kit/common'
import { sanitizeTag } from './docker-names'
import type { GitContext } from './git-context'

/** Where an expression came from, for the error message: the input name and the text. */
export interface ExpressionSource {
  readonly input: string
  readonly text: string
  /** The result becomes (part of) a tag: git names (branch, tag, base_ref) are sanitised. */
  readonly tagText?: boolean
}

const EXPRESSION = /\{\{\s*([^}]*?)\s*\}\}/g

/**
 * Replaces `{{branch}}`, `{{tag}}`, `{{sha}}`, `{{base_ref}}`, `{{is_default_branch}}`,
 * `{{date 'YYYYMMDD'}}` and any extra variables (e.g. `{{version}}` in a semver pattern).
 * An unknown expression is a UserError naming the input. In tag text, git names are
 * sanitised (`feature/x` → `feature-x`); the user's own text is left for validation.
 */
export function expandExpressions(
  text: string,
  context: GitContext,
  now: Date,
  source: ExpressionSource,
  extra: Readonly<Record<string, string>> = {},
): string {
  const git = (name: string | undefined) => (source.tagText ? sanitizeTag(name ?? '') : (name ?? ''))
  return text.replace(EXPRESSION, (_all, body: string) => {
    if (body in extra) return extra[body]!
    switch (body) {
      case 'branch':
        return git(context.branch)
      case 'tag':
        return git(context.tag)
      case 'sha':
        return context.shortSha
      case 'base_ref':
        return git(context.baseRef)
      case 'is_default_branch':
        return String(context.isDefaultBranch)
    }
    const date = /^date\s+(['"])(.*)\1$/.exec(body)
    if (date) return formatDate(now, date[2]!)
    const known = [
      ...Object.keys(extra),
      'branch',
      'tag',
      'sha',
      'base_ref',
      'is_default_branch',
      "date 'YYYYMMDD'",
    ]
    throw new UserError(
      `Input '${source.input}' entry '${source.text}' uses the unknown expression {{${body}}}: expected one of ${known
        .map((k) => `{{${k}}}`)
        .join(', ')}`,
    )
  })
}

/** Formats a UTC date with YYYY, YY, MM, DD, HH, mm, ss tokens; other characters are kept. */
export function formatDate(date: Date, format: string): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const tokens: Record<string, string> = {
    YYYY: String(date.getUTCFullYear()),
    YY: String(date.getUTCFullYear()).slice(-2),
    MM: pad(date.getUTCMonth() + 1),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
  }
  return format.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (t) => tokens[t]!)
}
