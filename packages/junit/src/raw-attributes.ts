import { createReadStream } from 'node:fs'

/** A literal '<' inside a quoted attribute value: where it is, as 1-based line and column. */
export interface LiteralLessThan {
  readonly line: number
  readonly column: number
}

const enum State {
  Text,
  TagOpen,
  Tag,
  Quoted,
  Skip,
}

/**
 * Finds literal '<' characters inside quoted attribute values (not well-formed XML, which
 * real tools write, e.g. time="<<computed>>"). The XML reader decodes `&lt;` and a literal
 * '<' to the same value, so this second pass over the raw text tells them apart; it is only
 * run on a file where a decoded attribute value held a '<'. Streams; stops after `limit`.
 */
export async function findLiteralLessThanInAttributes(file: string, limit = 20): Promise<LiteralLessThan[]> {
  const found: LiteralLessThan[] = []
  let state = State.Text
  let quote = ''
  let skipUntil = ''
  let pending = ''
  let line = 1
  let column = 0
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const text = chunk as string
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!
      if (c === '\n') {
        line++
        column = 0
      } else column++
      switch (state) {
        case State.Text:
          if (c === '<') {
            state = State.TagOpen
            pending = ''
          }
          break
        case State.TagOpen:
          // Comments, CDATA, declarations and processing instructions are skipped whole.
          pending += c
          if (pending === '!--') [state, skipUntil, pending] = [State.Skip, '-->', '']
          else if (pending === '![CDATA[') [state, skipUntil, pending] = [State.Skip, ']]>', '']
          else if (pending === '?') [state, skipUntil, pending] = [State.Skip, '?>', '']
          else if (
            pending.length > 1 &&
            pending[0] === '!' &&
            !'!--'.startsWith(pending) &&
            !'![CDATA['.startsWith(pending)
          )
            [state, skipUntil, pending] = [State.Skip, '>', '']
          else if (pending[0] !== '!') state = c === '>' || /\s/.test(c) ? State.Text : State.Tag
          break
        case State.Tag:
          if (c === '"' || c === "'") [state, quote] = [State.Quoted, c]
          else if (c === '>') state = State.Text
          break
        case State.Quoted:
          if (c === quote) state = State.Tag
          else if (c === '<') {
            found.push({ line, column })
            if (found.length >= limit) return found
          }
          break
        case State.Skip:
          pending = (pending + c).slice(-skipUntil.length)
          if (pending === skipUntil) [state, pending] = [State.Text, '']
          break
      }
    }
  }
  return found
}
