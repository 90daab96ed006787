/**
 * A small, fast XML tokenizer for machine-written reports: it finds markup with indexOf
 * and sticky regular expressions instead of a character-by-character state machine (sax
 * read ~8 MB/s here, which made large Cobertura and JUnit files slow). It is fed chunks
 * and keeps only an unfinished construct between them. It knows elements, attributes,
 * text, CDATA, comments, processing instructions and the DOCTYPE; the five predefined
 * entities and character references are decoded, nothing else is expanded.
 */

import { AttributeSpans, decodeEntities, detach, isNameChar, scanAttributes } from './start-tag'

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
  /** A start tag; its attributes, from `attributesFrom` on, are in `tokenizer.spans`. */
  open(name: string, attributesFrom: number, selfClosing: boolean, offset: number): void
  close(name: string, offset: number): void
  /** Whether text would be used now; text without entities is skipped otherwise. */
  wantsText(): boolean
  text(text: string, offset: number): void
  doctype(body: string, offset: number): void
  /** A defect the tokenizer read past. */
  defect(message: string, offset: number): void
  /** More defects of one start tag than are passed on one by one, counted. */
  moreDefects(count: number): void
}

/** Defects of one start tag passed on one by one; more than the warnings listed. */
const MAX_TAG_DEFECTS = 64
/** Characters of an unfinished construct beyond which it waits for the buffer to grow. */
const LONG_UNFINISHED = 64 * 1024

export class XmlTokenizer {
  /** The attributes of the latest start tag. */
  readonly spans = new AttributeSpans()
  private readonly ampersands = new CharFinder('&')
  private buffer = ''
  /**
   * Chunks kept back while an unfinished construct (a start tag with a 50 MB attribute, a
   * huge comment) waits for its end: it is scanned again only once the buffer has grown
   * fourfold, so reading it costs linear time instead of one rescan per chunk.
   */
  private held: string[] = []
  private heldLength = 0
  private resumeAt = 0
  /** Offset of buffer[0] in the whole document. */
  private base = 0
  /** Line count and the offset where the current line starts, up to `counted`. */
  private line = 1
  private lineStart = 0
  private counted = 0
  /** The first newline at or after `counted` (Infinity: none in the buffer yet), once looked up. */
  private nextNewline = -1

  /** The last element name seen starting with each character (by its code, modulo 256). */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined)
  /** Message, index pairs of the start tag being read. */
  private readonly tagDefects: (string | number)[] = []
  /** Defects of the tag beyond MAX_TAG_DEFECTS (a 50 MB attribute of '<'s has 50 million). */
  private tagDefectsDropped = 0
  private readonly collectDefect = (message: string, index: number) => {
    if (this.tagDefects.length < MAX_TAG_DEFECTS * 2) this.tagDefects.push(message, index)
    else this.tagDefectsDropped++
  }

  constructor(private readonly sink: TokenSink) {}

  /** Position (1-based line and column) of the character at document offset `offset`. */
  positionOf(offset: number): TokenPosition {
    if (offset < this.counted) return this.recount(offset)
    this.countTo(offset)
    return { line: this.line, column: offset - this.lineStart + 1 }
  }

  /** positionOf(offset).line, without making an object (for every start tag). */
  lineAt(offset: number): number {
    if (offset < this.counted) return this.recount(offset).line
    this.countTo(offset)
    return this.line
  }

  /** positionOf(offset).column, without making an object. */
  columnAt(offset: number): number {
    if (offset < this.counted) return this.recount(offset).column
    this.countTo(offset)
    return offset - this.lineStart + 1
  }

  /** Counts the newlines before `offset` (newlines are counted lazily, up to positions asked for). */
  private countTo(offset: number): void {
    let nl = this.nextNewline
    if (nl < this.counted) nl = this.newlineFrom(this.counted)
    while (nl < offset) {
      this.line++
      this.lineStart = nl + 1
      nl = this.newlineFrom(nl + 1)
    }
    this.nextNewline = nl
    this.counted = offset
  }

  /** Document offset of the first newline at or after document offset `from` in the buffer, or Infinity. */
  private newlineFrom(from: number): number {
    const nl = this.buffer.indexOf('\n', from - this.base)
    return nl === -1 ? Infinity : nl + this.base
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
    if (this.buffer.length + this.heldLength + chunk.length < this.resumeAt) {
      this.held.push(chunk)
      this.heldLength += chunk.length
      return
    }
    this.append(chunk)
    this.consume(false)
    this.resumeAt = this.buffer.length > LONG_UNFINISHED ? this.buffer.length * 4 : 0
  }

  private append(chunk: string): void {
    if (this.heldLength > 0) {
      // One copy of everything (joining the held chunks first, then the buffer, made two).
      this.held.push(chunk)
      this.held.unshift(this.buffer)
      this.buffer = this.held.join('')
      this.held = []
      this.heldLength = 0
    } else this.buffer = this.buffer.length > 0 ? this.buffer + chunk : chunk
    if (this.nextNewline === Infinity) this.nextNewline = -1
  }

  /** Flushes what is left; returns the position of the end and whether markup was cut off. */
  end(): { position: TokenPosition; unfinished: string | undefined } {
    this.append('')
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
        const amp = final || this.ampersands.within(buf, i, buf.length) === -1 ? -1 : buf.lastIndexOf('&')
        const cut = amp >= i && buf.indexOf(';', amp) === -1 ? amp : buf.length
        if (cut > i) this.emitText(buf, i, cut)
        i = cut
        break
      }
      if (lt > i) this.emitText(buf, i, lt)
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

  /** Passes on buf[from, to) as text: decoded (entity defects are reported even if unused). */
  private emitText(buf: string, from: number, to: number): void {
    if (this.ampersands.within(buf, from, to) !== -1) {
      const text = decodeEntities(buf.slice(from, to), (message) =>
        this.sink.defect(message, this.base + from),
      )
      if (this.sink.wantsText()) this.sink.text(detach(text), this.base + from)
    } else if (this.sink.wantsText()) this.sink.text(detach(buf.slice(from, to)), this.base + from)
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

  /**
   * Whether the name at buf[from] is `name`, the last one seen starting with its character:
   * a report names a few elements millions of times, so the name is neither scanned nor made
   * again. (A name cut at the end of the buffer is read again: the tag is not complete.)
   */
  private nameFollows(buf: string, from: number, name: string): boolean {
    const length = name.length
    for (let i = 0; i < length; i++) if (buf.charCodeAt(from + i) !== name.charCodeAt(i)) return false
    return !isNameChar(buf.charCodeAt(from + length))
  }

  private openTag(buf: string, lt: number, final: boolean): number {
    let i = lt + 1
    const first = buf.charCodeAt(i)
    if (!isNameStart(first)) return this.strayLessThan(buf, lt)
    let name = this.names[first & 255]
    if (name !== undefined && this.nameFollows(buf, i, name)) i += name.length
    else {
      while (i < buf.length && isNameChar(buf.charCodeAt(i))) i++
      if (i >= buf.length) return -1
      name = detach(buf.slice(lt + 1, i))
      this.names[first & 255] = name
    }
    // Defects are reported only once the whole tag is in the buffer (it may be re-read).
    // Truncating an array is a runtime call; most tags have nothing to forget.
    if (this.tagDefects.length > 0) this.tagDefects.length = 0
    this.tagDefectsDropped = 0
    const end = scanAttributes(buf, i, name, final, this.spans, this.collectDefect)
    if (end === -1) return -1
    for (let d = 0; d < this.tagDefects.length; d += 2)
      this.sink.defect(this.tagDefects[d] as string, this.base + (this.tagDefects[d + 1] as number))
    if (this.tagDefectsDropped > 0) this.sink.moreDefects(this.tagDefectsDropped)
    this.sink.open(name, i, this.spans.selfClosing, this.base + end)
    return end + 1
  }
}

/**
 * Finds a character along a text read in order (here: '&' in the text between tags) with
 * one pass over the text instead of one search to its end per question.
 */
class CharFinder {
  private source = ''
  private from = 0
  /** The first occurrence at or after `from` (source.length for none). */
  private next = -1

  constructor(private readonly char: string) {}

  /** The index of the first occurrence in source[from, to), or -1. */
  within(source: string, from: number, to: number): number {
    if (source !== this.source || from < this.from || this.next < from) {
      this.source = source
      this.from = from
      this.next = source.indexOf(this.char, from)
      if (this.next === -1) this.next = source.length
    }
    return this.next < to ? this.next : -1
  }
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
