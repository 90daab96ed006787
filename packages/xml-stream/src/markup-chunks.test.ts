import { describe, expect, it } from 'vitest'
import { MarkupChunks } from './markup-chunks'

function feed(parts: Buffer[]): string[] {
  const chunks = new MarkupChunks()
  const out = parts.map((p) => chunks.write(p))
  out.push(chunks.end())
  return out
}

describe('MarkupChunks', () => {
  it('cuts each chunk before its last "<" and passes the rest on with the next one', () => {
    expect(feed([Buffer.from('<a><b x="1'), Buffer.from('"/></a>\n')])).toEqual([
      '<a>',
      '<b x="1"/>',
      '</a>\n',
    ])
  })

  it('keeps a character split across chunks whole', () => {
    const bytes = Buffer.from('<a>é中😀</a>')
    const parts = [...Array(bytes.length).keys()].map((i) => bytes.subarray(i, i + 1))
    expect(feed(parts).join('')).toBe('<a>é中😀</a>')
  })

  it('passes a long text without "<" on in parts rather than holding it all', () => {
    const chunks = new MarkupChunks()
    const text = Buffer.from('é'.repeat(300 * 1024))
    const out = [chunks.write(Buffer.from('<a>')), chunks.write(text), chunks.write(text)]
    expect(out[2]!.length).toBeGreaterThan(0)
    expect(out.join('') + chunks.write(Buffer.from('</a>')) + chunks.end()).toBe(
      `<a>${'é'.repeat(600 * 1024)}</a>`,
    )
  })
})
