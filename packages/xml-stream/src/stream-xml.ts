import { createReadStream } from 'node:fs'
import { UserError } from '@pipeline-kit/common'
import { MarkupChunks } from './markup-chunks'
import { StartTag } from './start-tag'
import { XmlTokenizer, type TokenPosition } from './xml-tokenizer'

/**
 * An element as it opens, with its 1-based position (the end of the start tag). Read its
 * attributes within the `open` callback and keep the values (or the `attributes` record),
 * not the tag: it refers to the text it was read from.
 */
export interface XmlOpenTag {
  readonly name: string
  /** Every attribute, decoded; built when first read. */
  readonly attributes: Readonly<Record<string, string>>
  readonly line: number
  readonly column: number
  /**
   * One attribute's decoded value (the last one when repeated), or undefined: cheaper than
   * `attributes` for a handler that reads a few attributes of millions of elements.
   */
  attribute(name: string): string | undefined
  /**
   * One attribute as a number (as `Number()` reads it), or undefined when absent, blank or
   * not finite; plain digits are read without making a string.
   */
  numberAttribute(name: string): number | undefined
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
  /**
   * Deepest element nesting accepted; a deeper element is an error naming it and its line.
   * Default DEFAULT_MAX_DEPTH.
   */
  readonly maxDepth?: number
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
/**
 * The deepest report of the peer corpus nests 20 elements (NUnit), Cobertura 11, JUnit a
 * handful; libxml2 stops at 256 by default. 1,000 leaves room for any tool while a hostile
 * file of 200,000 levels is refused at once instead of being read for a minute.
 */
export const DEFAULT_MAX_DEPTH = 1000
const MAX_WARNINGS = 50
/** Elements named in a mismatched-close warning; the rest are counted. */
const NAMES_LISTED = 5
export const TEXT_CUT_MARKER = '\n… (cut: text longer than the limit)'

/**
 * Reads an XML file as a stream: memory stays flat whatever the file size. Malformed
 * input that cannot be read with confidence (empty, not XML, truncated, several roots,
 * a DTD declaring entities) throws a UserError `file:line:col: reason`; defects a lenient
 * reader can recover from unambiguously (a stray `<` in an attribute, a mismatched close
 * tag) become warnings. Elements nested deeper than `maxDepth` are an error naming the first
 * one; stray closing tags by the ten thousand and huge attributes are read in linear time. Only the five predefined entities and character references are
 * expanded; DTDs are never fetched, so neither external entities nor entity bombs apply.
 */
export async function streamXml(
  file: string,
  handlers: XmlHandlers,
  options: XmlStreamOptions = {},
): Promise<XmlStreamResult> {
  const reader = createXmlReader(file, handlers, options)
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  const chunks = new MarkupChunks()
  try {
    for await (const chunk of stream) {
      const text = chunks.write(chunk as Buffer)
      if (text) reader.write(text)
    }
    const rest = chunks.end()
    if (rest) reader.write(rest)
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
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const warnings: XmlWarning[] = []
  const stack: string[] = []
  /**
   * How many elements of each name are open, so a closing tag that matches none is known
   * at once (searching the stack for each of 40,000 stray closes took seconds). Built at the
   * first close that is not the innermost element's: well-formed files never pay for it.
   */
  let openNames: Map<string, number> | undefined
  let rootName: string | undefined
  let rootClosed = false
  let textChars = 0
  let textCut = false
  let warningsDropped = 0
  let fatal: UserError | undefined

  const warn = (message: string, at: TokenPosition) => {
    if (warnings.length < MAX_WARNINGS) warnings.push({ file, line: at.line, column: at.column, message })
    else warningsDropped++
  }
  const fail = (message: string, at: TokenPosition) => {
    fatal ??= new UserError(`${file}:${at.line}:${at.column}: ${message}`, { file, ...at })
  }
  const resetText = () => {
    textChars = 0
    textCut = false
  }
  const closeTop = () => {
    const name = stack.pop()!
    if (openNames) openNames.set(name, openNames.get(name)! - 1)
    if (stack.length === 0) rootClosed = true
    resetText()
    handlers.close?.(name)
  }

  const at = (offset: number) => tokenizer.positionOf(offset)
  const tokenizer: XmlTokenizer = new XmlTokenizer({
    open(name, attributesFrom, selfClosing, offset) {
      if (fatal) return
      if (stack.length === 0) {
        if (rootClosed)
          return fail(
            `a second root element <${name}> after </${rootName}>: not one XML document`,
            at(offset),
          )
        rootName = name
      }
      if (stack.length >= maxDepth)
        return fail(
          `<${name}> is nested ${stack.length + 1} levels deep, more than the ${maxDepth} accepted: no test or coverage tool writes such a file, so it is not read`,
          at(offset),
        )
      stack.push(name)
      if (openNames) openNames.set(name, (openNames.get(name) ?? 0) + 1)
      resetText()
      if (handlers.open) {
        const line = tokenizer.lineAt(offset)
        const column = tokenizer.columnAt(offset)
        handlers.open(new StartTag(name, line, column, tokenizer.spans, attributesFrom))
      }
      if (selfClosing) closeTop()
    },
    close(name, offset) {
      if (fatal) return
      if (stack[stack.length - 1] === name) return closeTop()
      openNames ??= countNames(stack)
      if (!openNames.get(name))
        return warn(`a closing tag </${name}> that matches no open element; ignored`, at(offset))
      const index = stack.lastIndexOf(name)
      if (warnings.length < MAX_WARNINGS) {
        const skipped = stack.length - 1 - index
        const listed = stack
          .slice(Math.max(index + 1, stack.length - NAMES_LISTED))
          .reverse()
          .map((n) => `<${n}>`)
        const more = skipped > listed.length ? ` and ${skipped - listed.length} more` : ''
        warn(
          `a closing tag </${name}> while ${listed.join(', ')}${more} still open; closed them there`,
          at(offset),
        )
      } else warningsDropped++
      // Each element closed here is closed once: the search and the pops are linear overall.
      while (stack.length > index) closeTop()
    },
    wantsText() {
      return !fatal && (stack.length === 0 || (handlers.text !== undefined && !textCut))
    },
    text(text, offset) {
      if (fatal) return
      if (stack.length === 0) {
        if (text.trim() === '') return
        if (rootClosed) return fail('content after the root element: not one XML document', at(offset))
        return fail('not XML: text before the first element', at(offset))
      }
      if (!handlers.text || textCut) return
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
    },
    doctype(body, offset) {
      if (/<!ENTITY/i.test(body))
        fail(
          'the DTD declares entities; they are not expanded (XML bomb and external-entity protection), so the report cannot be read',
          at(offset),
        )
    },
    defect(message, offset) {
      if (!fatal) warn(message, at(offset))
    },
    moreDefects(count) {
      if (!fatal) warningsDropped += count
    },
  })

  return {
    write(chunk) {
      if (fatal) throw fatal
      tokenizer.write(chunk)
      if (fatal) throw fatal
    },
    end() {
      if (fatal) throw fatal
      const { position, unfinished } = tokenizer.end()
      if (fatal) throw fatal
      if (rootName === undefined && unfinished === undefined)
        throw new UserError(`${file}:1:1: no XML element found (the file is empty or not XML)`, {
          file,
          line: 1,
          column: 1,
        })
      if (unfinished !== undefined || stack.length > 0) {
        const open = stack.length > 0 ? ` inside <${stack.at(-1)}>` : ''
        const cut = unfinished ? ` (${unfinished} is not finished)` : ''
        fail(`the document ends early${open}${cut}: the file is truncated`, position)
      }
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

function countNames(stack: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const name of stack) counts.set(name, (counts.get(name) ?? 0) + 1)
  return counts
}
