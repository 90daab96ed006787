import { describe, expect, it } from 'vitest'
import { escapeUnprintable, isBinaryContent, quoteExcerpt } from './excerpt'

describe('quoteExcerpt', () => {
  it('quotes at most 40 characters of the first line, marking the cut', () => {
    expect(quoteExcerpt('TN:\nSF:a.js\n')).toBe("'TN:'")
    expect(quoteExcerpt('y'.repeat(41))).toBe(`'${'y'.repeat(40)}…'`)
    expect(quoteExcerpt('y'.repeat(40))).toBe(`'${'y'.repeat(40)}'`)
    expect(quoteExcerpt('😀'.repeat(50), 3)).toBe("'😀😀😀…'")
  })

  it('escapes control and invisible characters as \\xNN / \\uNNNN, and backslashes', () => {
    expect(quoteExcerpt('\x1b[31mred\x07\x7f')).toBe("'\\x1b[31mred\\x07\\x7f'")
    expect(escapeUnprintable('a\u202eb\u200bc\\d\u0085')).toBe('a\\u202eb\\u200bc\\\\d\\x85')
    expect(escapeUnprintable('ü€ 中')).toBe('ü€ 中')
  })

  it('never quotes binary content', () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0xff]).toString('utf8')
    expect(isBinaryContent(elf)).toBe(true)
    expect(quoteExcerpt(elf)).toBe('binary content')
    expect(isBinaryContent('plain text, tabs\tand ü')).toBe(false)
  })
})
