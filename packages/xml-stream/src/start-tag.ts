/**
 * Reading the attributes of a start tag without making strings: one scan records where each
 * key and value is; strings are made only for the attributes a handler asks for. On a
 * Cobertura report of two million `<line>` elements, building a record of every attribute
 * was most of the reading time.
 */

/** Receives a defect found in a start tag, with its index in the scanned text. */
export type DefectReporter = (message: string, index: number) => void

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g
const OTHER_THAN_PREDEFINED = /&(?!(?:lt|gt|amp|quot|apos);)/
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * Decodes the five predefined entities and character references; anything else (undeclared
 * entities, invalid references) is left as written and reported.
 */
export function decodeEntities(raw: string, defect?: (message: string) => void): string {
  // Only predefined entities (the usual case, and millions of them in a huge message): native
  // replaceAll, `&amp;` last so that `&amp;lt;` stays `&lt;`.
  if (raw.length > 4096 && !OTHER_THAN_PREDEFINED.test(raw))
    return raw
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&')
  return raw.replace(ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code)
      defect?.(`an invalid character reference ${whole}; read as written`)
      return whole
    }
    const predefined = PREDEFINED[ref]
    if (predefined !== undefined) return predefined
    defect?.(`an undeclared entity ${whole} (only the predefined ones are expanded); read as written`)
    return whole
  })
}

/**
 * A copy of a slice that does not keep the whole read chunk alive: V8 makes slices of 13+
 * characters views into their parent, so a kept attribute would pin 256 KiB. Concatenating
 * and slicing again flattens into a string of the slice's own size.
 */
export function detach(slice: string): string {
  return slice.length < 13 ? slice : (' ' + slice).slice(1)
}

function toNumber(value: string): number | undefined {
  if (value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13
}

/** Anything but white space and the characters that end a name. */
export function isNameChar(c: number): boolean {
  return c > 32 && c !== 47 && c !== 62 && c !== 61 && c !== 60 && c !== 34 && c !== 39
}

/**
 * Where the attributes of the start tag last scanned are: key and value bounds in `source`,
 * and the decoded value where the raw text holds entities (or the attribute has no value).
 * One instance is reused for every tag; `generation` tells a tag whether it is still its own.
 */
export class AttributeSpans {
  source = ''
  count = 0
  generation = 0
  selfClosing = false
  /** keyStart, keyEnd, valueStart, valueEnd of each attribute. */
  private bounds = new Int32Array(64)
  private decoded: (string | undefined)[] = []

  /** Starts a new tag in `source`. */
  reset(source: string): void {
    this.source = source
    this.count = 0
    this.selfClosing = false
    this.generation++
  }

  add(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, decoded?: string): void {
    const at = this.count * 4
    if (at + 4 > this.bounds.length) {
      const grown = new Int32Array(this.bounds.length * 2)
      grown.set(this.bounds)
      this.bounds = grown
    }
    this.bounds[at] = keyStart
    this.bounds[at + 1] = keyEnd
    this.bounds[at + 2] = valueStart
    this.bounds[at + 3] = valueEnd
    this.decoded[this.count] = decoded
    this.count++
  }

  /** Index of the attribute named `name` (the last one when repeated, as a record keeps it), or -1. */
  find(name: string): number {
    const bounds = this.bounds
    const source = this.source
    const length = name.length
    for (let k = this.count - 1; k >= 0; k--) {
      const keyStart = bounds[k * 4]!
      if (bounds[k * 4 + 1]! - keyStart !== length) continue
      let i = 0
      while (i < length && source.charCodeAt(keyStart + i) === name.charCodeAt(i)) i++
      if (i === length) return k
    }
    return -1
  }

  key(k: number): string {
    return detach(this.source.slice(this.bounds[k * 4]!, this.bounds[k * 4 + 1]!))
  }

  /** The value as a number: plain digits read in place, anything else as Number() reads it. */
  number(k: number): number | undefined {
    const decoded = this.decoded[k]
    if (decoded !== undefined) return toNumber(decoded)
    const source = this.source
    const from = this.bounds[k * 4 + 2]!
    const to = this.bounds[k * 4 + 3]!
    if (to > from && to - from < 16) {
      let n = 0
      let i = from
      for (; i < to; i++) {
        const digit = source.charCodeAt(i) - 48
        if (digit < 0 || digit > 9) break
        n = n * 10 + digit
      }
      if (i === to) return n
    }
    return toNumber(source.slice(from, to))
  }

  value(k: number): string {
    return this.decoded[k] ?? detach(this.source.slice(this.bounds[k * 4 + 2]!, this.bounds[k * 4 + 3]!))
  }
}

const LITERAL_LESS_THAN = "a literal '<' in an attribute value is not well-formed XML; read as written"
/** Characters of a value read one by one; a longer value is searched with indexOf. */
const SHORT_VALUE = 256

/**
 * The end of a long quoted value from `i` on, found with indexOf (a 50 MB value read one
 * character at a time took most of a second per scan); reports its literal '<'s. Returns
 * the index of the closing quote, -(index + 2) when the value holds a '&', or -1 when the
 * quote is not in `buf` yet.
 */
function longValueEnd(buf: string, i: number, quote: number, report?: DefectReporter): number {
  const close = buf.indexOf(quote === 34 ? '"' : "'", i)
  if (close === -1) return -1
  // A slice is a view in V8: indexOf on it stays within the value.
  const value = buf.slice(i, close)
  if (report)
    for (let lt = value.indexOf('<'); lt !== -1; lt = value.indexOf('<', lt + 1))
      report(LITERAL_LESS_THAN, i + lt)
  return value.indexOf('&') === -1 ? close : -(close + 2)
}

/**
 * Scans the attributes of a start tag in `buf` from `i` (just after its name) to its end,
 * recording them in `out`. Returns the index of the closing '>' (`out.selfClosing` tells
 * `/>`), or -1 when the tag is not complete in `buf` yet. Defects go to `report`, which may
 * be called before -1 is returned (the caller keeps them until the tag is complete).
 */
export function scanAttributes(
  buf: string,
  i: number,
  name: string,
  final: boolean,
  out: AttributeSpans,
  report?: DefectReporter,
): number {
  out.reset(buf)
  const length = buf.length
  for (;;) {
    while (i < length && isSpace(buf.charCodeAt(i))) i++
    // An unfinished tag waits for more; at the end it stays in the buffer and end() reports it.
    if (i >= length) return -1
    const ch = buf.charCodeAt(i)
    if (ch === 62 /* > */) return i
    if (ch === 47 /* / */) {
      if (i + 1 >= length) return -1
      if (buf.charCodeAt(i + 1) === 62) {
        out.selfClosing = true
        return i + 1
      }
      i++
      continue
    }
    const keyStart = i
    while (i < length && isNameChar(buf.charCodeAt(i))) i++
    if (i >= length) return -1
    if (i === keyStart) {
      const gt = buf.indexOf('>', i + 1)
      if (gt === -1) return -1
      report?.(`unreadable text in the start tag <${name}>; skipped`, i)
      i = gt
      continue
    }
    const keyEnd = i
    while (i < length && isSpace(buf.charCodeAt(i))) i++
    if (i >= length) return -1
    if (buf.charCodeAt(i) !== 61 /* = */) {
      report?.(`attribute ${buf.slice(keyStart, keyEnd)} of <${name}> has no value; read as empty`, keyStart)
      out.add(keyStart, keyEnd, keyEnd, keyEnd, '')
      continue
    }
    i++
    while (i < length && isSpace(buf.charCodeAt(i))) i++
    if (i >= length) return -1
    const quote = buf.charCodeAt(i)
    let valueStart: number
    let valueEnd: number
    let entities = false
    if (quote === 34 /* " */ || quote === 39 /* ' */) {
      // A loop rather than indexOf: values are short, and it sees '&' and '<' on the way.
      valueStart = ++i
      const shortEnd = Math.min(length, i + SHORT_VALUE)
      for (;;) {
        if (i >= shortEnd) {
          if (shortEnd === length) return -1
          const close = longValueEnd(buf, i, quote, report)
          if (close === -1) return -1
          if (close < 0) entities = true
          i = close < 0 ? -close - 2 : close
          break
        }
        const c = buf.charCodeAt(i)
        if (c === quote) break
        if (c === 38 /* & */) entities = true
        // Real tools write e.g. time="<<computed>>"; `&lt;` decodes to the same value.
        else if (c === 60 /* < */) report?.(LITERAL_LESS_THAN, i)
        i++
      }
      valueEnd = i++
    } else {
      valueStart = i
      for (; i < length; i++) {
        const c = buf.charCodeAt(i)
        if (isSpace(c) || c === 62) break
        if (c === 38) entities = true
      }
      if (i >= length && !final) return -1
      valueEnd = i
      report?.(
        `attribute ${buf.slice(keyStart, keyEnd)} of <${name}> is not quoted; read as written`,
        keyStart,
      )
    }
    if (entities) {
      const raw = buf.slice(valueStart, valueEnd)
      const decoded = decodeEntities(raw, report && ((message) => report(message, keyStart)))
      // A value with a replacement is a new string already; only the raw slice pins the chunk.
      out.add(keyStart, keyEnd, valueStart, valueEnd, decoded === raw ? detach(raw) : decoded)
    } else out.add(keyStart, keyEnd, valueStart, valueEnd)
  }
}

/**
 * An element as it opens. Attributes are read from the scanned text on demand: `attribute()`
 * makes one string, `attributes` builds the whole record once. The tag refers to the text it
 * was read from, so keep what it holds (its record, its values) rather than the tag itself.
 */
export class StartTag {
  private record: Record<string, string> | undefined
  private generation: number
  private readonly source: string

  constructor(
    readonly name: string,
    readonly line: number,
    readonly column: number,
    private spans: AttributeSpans,
    /** Where the attributes start in spans.source (after the name). */
    private readonly from: number,
  ) {
    this.generation = spans.generation
    this.source = spans.source
  }

  /** The spans of this tag: the shared ones while it is the latest tag, else scanned again. */
  private own(): AttributeSpans {
    if (this.spans.generation !== this.generation) {
      const again = new AttributeSpans()
      scanAttributes(this.source, this.from, this.name, true, again)
      this.spans = again
      this.generation = again.generation
    }
    return this.spans
  }

  /**
   * One attribute as a number, as `Number()` reads its decoded value, or undefined when the
   * tag has none of that name or it is blank or not finite. Plain digits make no string.
   */
  numberAttribute(name: string): number | undefined {
    const spans = this.own()
    const k = spans.find(name)
    return k === -1 ? undefined : spans.number(k)
  }

  /** One attribute's decoded value, or undefined when the tag has none of that name. */
  attribute(name: string): string | undefined {
    const spans = this.own()
    const k = spans.find(name)
    return k === -1 ? undefined : spans.value(k)
  }

  get attributes(): Readonly<Record<string, string>> {
    if (!this.record) {
      const spans = this.own()
      const record: Record<string, string> = {}
      for (let k = 0; k < spans.count; k++) record[spans.key(k)] = spans.value(k)
      this.record = record
    }
    return this.record
  }
}
