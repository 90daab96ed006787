import { createReadStream } from 'node:fs'
import sax from 'sax'
import { UserError } from '@pipeline-kit/common'

/** An element as it opens, with its 1-based position (the end of the start tag). */
export interface XmlOpenTag {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly line: number
  readonly column: number
}

/** Callbacks; names keep the case they are written in. CDATA arrives as text. */
export interface XmlHandlers {
  open?(tag: XmlOpenTag): void
  close?(name: string): void
  text?(text: string): void
}

export interface XmlStreamOptions {
  /** Characters of one text node passed on; the rest is cut with a marker. Default 1 MiB. */
  readonly maxTextChars?: number
}

/** A defect the reader recovered from (as lenient peers do), with where it was. */
export interface XmlWarning {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly message: string
}

export interface XmlStreamResult {
  readonly warnings: readonly XmlWarning[]
  readonly rootName: string | undefined
}

const DEFAULT_MAX_TEXT = 1024 * 1024
const MAX_WARNINGS = 50
export const TEXT_CUT_MARKER = '\n… (cut: text longer than the limit)'

/**
 * Reads an XML file as a stream: memory stays flat whatever the file size. Malformed
 * input that cannot be read with confidence (empty, not XML, truncated, several roots,
 * a DTD declaring entities) throws a UserError `file:line:col: reason`; defects a lenient
 * reader can recover from unambiguously (a stray `<` in an attribute, a mismatched close
 * tag) become warnings. Only the five predefined entities and character references are
 * expanded; DTDs are never fetched, so neither external entities nor entity bombs apply.
 */
export async function streamXml(
  file: string,
  handlers: XmlHandlers,
  options: XmlStreamOptions = {},
): Promise<XmlStreamResult> {
  const reader = createXmlReader(file, handlers, options)
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })
  try {
    for await (const chunk of stream) reader.write(chunk as string)
  } catch (error) {
    stream.destroy()
    if (error instanceof UserError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(`${file}: cannot read the file (${code ?? String(error)})`)
  }
  return reader.end()
}

/** streamXml over a string in memory; `name` stands for the file in messages. */
export function streamXmlString(
  xml: string,
  name: string,
  handlers: XmlHandlers,
  options: XmlStreamOptions = {},
): XmlStreamResult {
  const reader = createXmlReader(name, handlers, options)
  reader.write(xml)
  return reader.end()
}

interface XmlReader {
  write(chunk: string): void
  end(): XmlStreamResult
}

function createXmlReader(file: string, handlers: XmlHandlers, options: XmlStreamOptions): XmlReader {
  const maxText = options.maxTextChars ?? DEFAULT_MAX_TEXT
  // Strict mode keeps names' case; after a recoverable error the parser is resumed and
  // goes on exactly as sax's loose mode would.
  const parser = sax.parser(true, { position: true, trim: false, normalize: false, xmlns: false })
  const warnings: XmlWarning[] = []
  let rootName: string | undefined
  let depth = 0
  let rootClosed = false
  let textChars = 0
  let textCut = false
  let fatal: UserError | undefined

  // sax counts lines from 0 and columns as characters consumed: the last one read, 1-based.
  const where = () => ({ line: parser.line + 1, column: Math.max(parser.column, 1) })
  let warningsDropped = 0
  // sax reports one defect several times at one position (once per element it walks
  // past); keep the last, most specific message per position, and at most MAX_WARNINGS.
  const warn = (message: string, at = where()) => {
    const last = warnings.at(-1)
    if (last && last.line === at.line && last.column === at.column)
      warnings[warnings.length - 1] = { file, ...at, message }
    else if (warnings.length < MAX_WARNINGS) warnings.push({ file, ...at, message })
    else warningsDropped++
  }
  const fail = (message: string) => {
    const { line, column } = where()
    fatal ??= new UserError(`${file}:${line}:${column}: ${message}`, { file, line, column })
  }

  parser.onerror = (error) => {
    const reason = error.message.split('\n')[0] ?? 'XML error'
    if (isFatal(reason, rootName, rootClosed)) fail(describeFatal(reason))
    else warn(describeRecovered(reason))
    parser.error = null as unknown as Error
    parser.resume()
  }
  parser.ondoctype = (doctype) => {
    if (/<!ENTITY/i.test(doctype))
      fail(
        'the DTD declares entities; they are not expanded (XML bomb and external-entity protection), so the report cannot be read',
      )
  }
  parser.onopentag = (tag) => {
    if (fatal) return
    if (depth === 0) {
      if (rootClosed)
        return fail(`a second root element <${tag.name}> after </${rootName}>: not one XML document`)
      rootName = tag.name
    }
    depth++
    textChars = 0
    textCut = false
    handlers.open?.({ name: tag.name, attributes: tag.attributes as Record<string, string>, ...where() })
  }
  parser.onclosetag = (name) => {
    if (fatal) return
    depth--
    if (depth === 0) rootClosed = true
    textChars = 0
    textCut = false
    handlers.close?.(name)
  }
  const onText = (text: string) => {
    if (fatal || depth === 0 || !handlers.text) return
    if (textCut) return
    const room = maxText - textChars
    if (text.length <= room) {
      textChars += text.length
      handlers.text(text)
      return
    }
    if (room > 0) handlers.text(text.slice(0, room))
    textChars = maxText
    textCut = true
    handlers.text(TEXT_CUT_MARKER)
  }
  parser.ontext = onText
  parser.oncdata = onText

  return {
    write(chunk) {
      if (fatal) throw fatal
      parser.write(chunk)
      if (fatal) throw fatal
    },
    end() {
      if (!fatal) parser.close()
      if (fatal) throw fatal
      if (rootName === undefined)
        throw new UserError(`${file}:1:1: no XML element found (the file is empty or not XML)`, {
          file,
          line: 1,
          column: 1,
        })
      if (depth > 0)
        fail(`the document ends inside <${rootName}> (${depth} element(s) left open): the file is truncated`)
      if (fatal) throw fatal
      if (warningsDropped > 0)
        warnings.push({
          file,
          line: 0,
          column: 0,
          message: `${warningsDropped} more XML defect(s) not listed`,
        })
      return { warnings, rootName }
    },
  }
}

function isFatal(reason: string, rootName: string | undefined, rootClosed: boolean): boolean {
  if (rootName === undefined)
    return /Non-whitespace before first tag|Unexpected end|Text data outside/i.test(reason)
  if (rootClosed) return /Text data outside of root node/i.test(reason)
  return /Unclosed root tag|Unexpected end/i.test(reason)
}

function describeRecovered(reason: string): string {
  const unmatched = /Unmatched closing tag: (\S+)/.exec(reason)
  if (unmatched) return `a closing tag </${unmatched[1]}> that matches no open element; read as text`
  if (/Unexpected close tag/i.test(reason))
    return 'a closing tag that skips open elements; those elements were closed there'
  return `${reason}; recovered`
}

function describeFatal(reason: string): string {
  if (/Non-whitespace before first tag/i.test(reason)) return 'not XML: text before the first element'
  if (/Text data outside of root node/i.test(reason))
    return 'content after the root element: not one XML document'
  if (/Unclosed root tag|Unexpected end/i.test(reason))
    return 'the document ends early: the file is truncated'
  return reason
}
