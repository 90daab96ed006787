import { escapeUnprintable, EXCERPT_CHARS } from '@pipeline-kit/common'

/**
 * JSON.parse's message with what it quotes of the input made safe to log: V8 quotes about
 * ten characters on each side of the error (`Unexpected token 'x', "…" is not valid JSON`),
 * raw, so control characters and terminal escapes in a report reach the log. They are
 * escaped here and the message capped.
 */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const chars = [...escapeUnprintable(message)]
  const max = EXCERPT_CHARS * 3
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}
