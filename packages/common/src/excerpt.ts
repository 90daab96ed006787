/** The most characters of a file's content an error message may quote. */
export const EXCERPT_CHARS = 40

// C0 and C1 controls, DEL, and the format characters that reorder or hide text in a log
// (bidi overrides and isolates, zero-width ones, line/paragraph separators, BOM).
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

/** Escapes what a log would not show as it is: `\xNN` (or `\uNNNN`) for control and invisible characters, `\\` for a backslash. */
export function escapeUnprintable(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0)
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * True for content that is not text: a NUL, or bytes that are not UTF-8 (decoded as U+FFFD).
 * Looks at the first few kilobytes only.
 */
export function isBinaryContent(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- a NUL is what marks binary content
  return /[\u0000\ufffd]/.test(text.slice(0, 8192))
}

/**
 * A short, escaped quote of file content for an error message: at most `max` characters of
 * its first line, control and invisible characters escaped, `…` where it was cut; binary
 * content is never quoted.
 */
export function quoteExcerpt(text: string, max = EXCERPT_CHARS): string {
  if (isBinaryContent(text)) return 'binary content'
  const line = /^[^\r\n]*/.exec(text)![0]
  const chars = [...line]
  return `'${escapeUnprintable(chars.slice(0, max).join(''))}${chars.length > max ? '…' : ''}'`
}
