/**
 * A small, fast XML tokenizer for machine-written reports: it finds markup with indexOf
 * and sticky regular expressions instead of a character-by-character state machine (sax
 * read ~8 MB/s here, which made large Cobertura and JUnit files slow). It is fed chunks
 * and keeps only an unfinished construct between them. It knows elements, attributes,
 * text, CDATA, comments, processing instructions and the DOCTYPE; the five predefined
 * entities and character references are decoded, nothing else is expanded.
 */

export interface TokenPosition {
  readonly line: number
  readonly column: number
}

/**
 * Receives tokens with the document offset where each was found; call
 * `tokenizer.positionOf(offset)` inside the callback when a line and column are needed
 * (positions are worked out lazily, so callers that need none pay nothing).
 */
export interface TokenSink {
  open(name: string, attributes: Record<string, string>, selfClosing: boolean, offset: number): void
  close(name: string, offset: number): void
  text(text: string, offset: number): void
  doctype(body: string, offset: number): void
  /** A defect the tokenizer read past. */
  defect(message: string, offset: number): void
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

export class XmlTokenizer {
  private buffer = ''
  /** Offset of buffer[0] in the whole document. */
  private base = 0
  /** Line count and the offset where the current line starts, up to `counted`. */
  private line = 1
  private lineStart = 0
  private counted = 0

  constructor(private readonly sink: TokenSink) {}

  /** Position (1-based line and column) of the character at document offset `offset`. */
  positionOf(offset: number): TokenPosition {
    // Newlines are counted lazily, only up to positions somebody asks for.
    if (offset < this.counted) return this.recount(offset)
    let nl = this.buffer.indexOf('\n', this.counted - this.base)
    while (nl !== -1 && nl + this.base < offset) {
      this.line++
      this.lineStart = nl + this.base + 1
      nl = this.buffer.indexOf('\n', nl + 1)
    }
    this.counted = offset
    return { line: this.line, column: offset - this.lineStart + 1 }
  }

  /** Rare: a position before what was counted, found by counting back within the buffer. */
  private recount(offset: number): TokenPosition {
    const from = offset - this.base
    const to = this.counted - this.base
    let lines = 0
    for (
      let nl = this.buffer.indexOf('\n', from);
      nl !== -1 && nl < to;
      nl = this.buffer.indexOf('\n', nl + 1)
    )
      lines++
    const prev = this.buffer.lastIndexOf('\n', from - 1)
    const lineStart = prev !== -1 ? prev + 1 + this.base : lines === 0 ? this.lineStart : this.base
    return { line: this.line - lines, column: offset - lineStart + 1 }
  }

  write(chunk: string): void {
    this.buffer = this.buffer.length > 0 ? this.buffer + chunk : chunk
    this.consume(false)
  }

  /** Flushes what is left; returns the position of the end and whether markup was cut off. */
  end(): { position: TokenPosition; unfinished: string | undefined } {
    this.consume(true)
    const rest = this.buffer
    const position = this.positionOf(this.base + Math.max(rest.length - 1, 0))
    return { position, unfinished: rest.length > 0 ? describeUnfinished(rest) : undefined }
  }

  private consume(final: boolean): void {
    const buf = this.buffer
    let i = 0
    while (i < buf.length) {
      const lt = buf.indexOf('<', i)
      if (lt === -1) {
        // Keep a trailing partial entity for the next chunk; pass the rest on now.
        const amp = final ? -1 : buf.lastIndexOf('&', buf.length - 1)
        const cut = amp >= i && buf.indexOf(';', amp) === -1 ? amp : buf.length
        if (cut > i) this.emitText(buf.slice(i, cut), i)
        i = cut
        break
      }
      if (lt > i) this.emitText(buf.slice(i, lt), i)
      const next = this.markup(buf, lt, final)
      if (next === -1) {
        i = lt
        break
      }
      i = next
    }
    this.shift(i)
  }

  private shift(consumed: number): void {
    if (consumed === 0) return
    // Count newlines of the part being dropped so positions stay right.
    if (this.counted < this.base + consumed) this.positionOf(this.base + consumed)
    this.buffer = this.buffer.slice(consumed)
    this.base += consumed
  }

  private emitText(raw: string, index: number): void {
    this.sink.text(raw.includes('&') ? this.decode(raw, index) : detach(raw), this.base + index)
  }

  /** Handles the markup starting at buf[lt] === '<'; returns the index after it, or -1 for "need more data". */
  private markup(buf: string, lt: number, final: boolean): number {
    const c = buf.charCodeAt(lt + 1)
    if (Number.isNaN(c)) return final ? this.strayLessThan(buf, lt) : -1
    if (c === 47 /* / */) return this.closeTag(buf, lt)
    if (c === 33 /* ! */) {
      if (buf.startsWith('<!--', lt)) return this.until(buf, lt, '-->', () => undefined)
      if (buf.startsWith('<![CDATA[', lt))
        return this.until(buf, lt, ']]>', (end) =>
          this.sink.text(detach(buf.slice(lt + 9, end)), this.base + lt),
        )
      if (buf.length - lt < 9 && !final) return -1
      if (/^<!DOCTYPE/i.test(buf.slice(lt, lt + 9))) return this.doctype(buf, lt)
      return this.strayLessThan(buf, lt)
    }
    if (c === 63 /* ? */) return this.until(buf, lt, '?>', () => undefined)
    return this.openTag(buf, lt, final)
  }

  private until(buf: string, lt: number, terminator: string, found: (end: number) => void): number {
    const end = buf.indexOf(terminator, lt + 2)
    if (end === -1) return -1
    found(end)
    return end + terminator.length
  }

  private doctype(buf: string, lt: number): number {
    // An internal subset [ ... ] may contain '>' characters; the DOCTYPE ends after it.
    const bracket = buf.indexOf('[', lt)
    const gt = buf.indexOf('>', lt)
    if (gt === -1) return -1
    let end = gt
    if (bracket !== -1 && bracket < gt) {
      const close = buf.indexOf(']', bracket)
      if (close === -1) return -1
      end = buf.indexOf('>', close)
      if (end === -1) return -1
    }
    this.sink.doctype(buf.slice(lt, end + 1), this.base + end)
    return end + 1
  }

  /** A '<' that starts no markup: read as text, as lenient parsers do. */
  private strayLessThan(buf: string, lt: number): number {
    this.sink.defect("a '<' that starts no element (unescaped); read as text", this.base + lt)
    this.sink.text('<', this.base + lt)
    return lt + 1
  }

  private closeTag(buf: string, lt: number): number {
    const gt = buf.indexOf('>', lt + 2)
    if (gt === -1) return -1
    const name = buf.slice(lt + 2, gt).trim()
    if (name.length === 0 || /[\s<]/.test(name)) return this.strayLessThan(buf, lt)
    this.sink.close(name, this.base + gt)
    return gt + 1
  }

  private openTag(buf: string, lt: number, final: boolean): number {
    const length = buf.length
    let i = lt + 1
    if (!isNameStart(buf.charCodeAt(i))) return this.strayLessThan(buf, lt)
    while (i < length && isNameChar(buf.charCodeAt(i))) i++
    if (i >= length) return -1
    const name = buf.slice(lt + 1, i)
    const attributes: Record<string, string> = {}
    // Defects are reported only once the whole tag is in the buffer (it may be re-read).
    let defects: [string, number][] | undefined
    for (;;) {
      while (i < length && isSpace(buf.charCodeAt(i))) i++
      // An unfinished tag waits for more; at the end it stays in the buffer and end() reports it.
      if (i >= length) return -1
      const ch = buf.charCodeAt(i)
      if (ch === 62 /* > */ || (ch === 47 /* / */ && buf.charCodeAt(i + 1) === 62)) {
        if (defects) for (const [message, index] of defects) this.sink.defect(message, this.base + index)
        const end = ch === 62 ? i : i + 1
        this.sink.open(name, attributes, ch === 47, this.base + end)
        return end + 1
      }
      if (ch === 47) {
        if (i + 1 >= length) return -1
        i++
        continue
      }
      const keyStart = i
      while (i < length && isNameChar(buf.charCodeAt(i))) i++
      if (i >= length) return -1
      if (i === keyStart) {
        const gt = buf.indexOf('>', i + 1)
        if (gt === -1) return -1
        ;(defects ??= []).push([`unreadable text in the start tag <${name}>; skipped`, i])
        i = gt
        continue
      }
      const key = buf.slice(keyStart, i)
      while (i < length && isSpace(buf.charCodeAt(i))) i++
      if (i >= length) return -1
      if (buf.charCodeAt(i) !== 61 /* = */) {
        ;(defects ??= []).push([`attribute ${key} of <${name}> has no value; read as empty`, keyStart])
        attributes[key] = ''
        continue
      }
      i++
      while (i < length && isSpace(buf.charCodeAt(i))) i++
      if (i >= length) return -1
      const quote = buf.charCodeAt(i)
      let raw: string
      if (quote === 34 /* " */ || quote === 39 /* ' */) {
        const close = buf.indexOf(quote === 34 ? '"' : "'", i + 1)
        if (close === -1) return -1
        raw = buf.slice(i + 1, close)
        i = close + 1
      } else {
        const start = i
        while (i < length && !isSpace(buf.charCodeAt(i)) && buf.charCodeAt(i) !== 62) i++
        if (i >= length && !final) return -1
        raw = buf.slice(start, i)
        ;(defects ??= []).push([`attribute ${key} of <${name}> is not quoted; read as written`, keyStart])
      }
      attributes[key] = raw.indexOf('&') === -1 ? detach(raw) : this.decode(raw, keyStart, (defects ??= []))
    }
  }

  private decode(raw: string, index: number, defects?: [string, number][]): string {
    const defect = (message: string) =>
      defects ? defects.push([message, index]) : this.sink.defect(message, this.base + index)
    return raw.replace(ENTITY, (whole, ref: string) => {
      if (ref.charCodeAt(0) === 35 /* # */) {
        const code = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
        if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code)
        defect(`an invalid character reference ${whole}; read as written`)
        return whole
      }
      const predefined = PREDEFINED[ref]
      if (predefined !== undefined) return predefined
      defect(`an undeclared entity ${whole} (only the predefined ones are expanded); read as written`)
      return whole
    })
  }
}

/**
 * A copy of a slice that does not keep the whole read chunk alive: V8 makes slices of 13+
 * characters views into their parent, so a kept attribute would pin 256 KiB. Concatenating
 * and slicing again flattens into a string of the slice's own size.
 */
function detach(slice: string): string {
  return slice.length < 13 ? slice : (' ' + slice).slice(1)
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13
}

/** Anything but white space and the characters that end a name. */
function isNameChar(c: number): boolean {
  return c > 32 && c !== 47 && c !== 62 && c !== 61 && c !== 60 && c !== 34 && c !== 39
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0
}

function describeUnfinished(rest: string): string {
  if (rest.startsWith('<![CDATA[')) return 'a CDATA section'
  if (rest.startsWith('<!--')) return 'a comment'
  if (rest.startsWith('<?')) return 'a processing instruction'
  if (/^<!DOCTYPE/i.test(rest)) return 'the DOCTYPE'
  if (rest.startsWith('</')) return 'a closing tag'
  if (rest.startsWith('<')) return 'a start tag'
  return 'text'
}
