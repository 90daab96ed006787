import { describe, expect, it } from 'vitest'
import { streamXmlString, type XmlOpenTag } from './index'
import { XmlTokenizer } from './xml-tokenizer'

function tagsOf(xml: string): { tags: XmlOpenTag[]; warnings: string[] } {
  const tags: XmlOpenTag[] = []
  const result = streamXmlString(xml, 'r.xml', { open: (t) => void tags.push(t) })
  return { tags, warnings: result.warnings.map((w) => `${w.line}:${w.column}: ${w.message}`) }
}

describe('start tags read on demand', () => {
  it('gives one attribute, the last of a repeated name, decoded, without building the record', () => {
    const seen: unknown[] = []
    streamXmlString(`<r a="1" b='x &amp; y' a="2" c=" 7 " d="" e="1e3" f="0x10" g="n/a"/>`, 'r.xml', {
      open: (t) =>
        seen.push(
          t.attribute('a'),
          t.attribute('b'),
          t.attribute('nope'),
          t.numberAttribute('a'),
          t.numberAttribute('c'),
          t.numberAttribute('d'),
          t.numberAttribute('e'),
          t.numberAttribute('f'),
          t.numberAttribute('g'),
          t.numberAttribute('nope'),
        ),
    })
    expect(seen).toEqual(['2', 'x & y', undefined, 2, 7, undefined, 1000, 16, undefined, undefined])
  })

  it('numberAttribute reads what Number() reads, digits in place and entities decoded', () => {
    const seen: unknown[] = []
    streamXmlString('<r a="0042" b="123456789012345678" c="&#49;&#50;" d="-3.5"/>', 'r.xml', {
      open: (t) => seen.push(...['a', 'b', 'c', 'd'].map((n) => t.numberAttribute(n))),
    })
    expect(seen).toEqual([42, Number('123456789012345678'), 12, -3.5])
  })

  it('builds the same record as before: first-seen key order, last value wins', () => {
    const { tags } = tagsOf('<r b="1" a="2" b="3"/>')
    expect(tags[0]!.attributes).toEqual({ b: '3', a: '2' })
    expect(Object.keys(tags[0]!.attributes)).toEqual(['b', 'a'])
    expect(tags[0]!.attributes).toBe(tags[0]!.attributes)
  })

  it('still reads a tag kept past its callback (its attributes scanned again)', () => {
    const { tags } = tagsOf('<r x="root"><a n="1" v="a &lt; b"/><b n="2"/>\n<c n="3" m=\'q\'/></r>')
    expect(tags.map((t) => [t.name, t.attribute('n'), t.line, t.column])).toEqual([
      ['r', undefined, 1, 12],
      ['a', '1', 1, 35],
      ['b', '2', 1, 45],
      ['c', '3', 2, 16],
    ])
    expect(tags[1]!.attributes).toEqual({ n: '1', v: 'a < b' })
    expect(tags[3]!.numberAttribute('n')).toBe(3)
    expect(tags[3]!.attributes).toEqual({ n: '3', m: 'q' })
  })

  it('reports defects in attributes even when no handler reads them', () => {
    const { warnings } = tagsOf('<r>\n<a b c=d e="&bogus;" f="&#0;"/></r>')
    expect(warnings).toEqual([
      '2:4: attribute b of <a> has no value; read as empty',
      '2:6: attribute c of <a> is not quoted; read as written',
      '2:10: an undeclared entity &bogus; (only the predefined ones are expanded); read as written',
      '2:22: an invalid character reference &#0;; read as written',
    ])
  })

  it("warns at each literal '<' in a quoted attribute value, not at &lt;, comments, CDATA or text", () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<!-- a <comment> with "quotes" -->',
      '<testsuite name="&lt;ok&gt;">',
      '  <testcase name="x" time="<<computed>>"/>',
      '  <testcase name=\'y &lt; z\' classname=\'<C>\'>text with &lt; and "quotes"<![CDATA[ a="<" ]]></testcase>',
      '</testsuite>',
    ].join('\n')
    const { tags, warnings } = tagsOf(xml)
    const literal = "a literal '<' in an attribute value is not well-formed XML; read as written"
    expect(warnings).toEqual([`4:28: ${literal}`, `4:29: ${literal}`, `5:40: ${literal}`])
    expect(tags[1]!.attribute('time')).toBe('<<computed>>')
    expect(tags[2]!.attributes).toEqual({ name: 'y < z', classname: '<C>' })
  })

  it('reports entity defects in text nobody reads', () => {
    const result = streamXmlString('<r>\n  a &nope; b</r>', 'r.xml', {})
    expect(result.warnings.map((w) => `${w.line}:${w.column}`)).toEqual(['1:4'])
  })

  it('keeps element names apart that start alike or one extends another', () => {
    const names: string[] = []
    const closed: string[] = []
    streamXmlString('<r><lines><line/><lines/><l/><line-x/><\u0172/><r2/><ŕ/></lines></r>', 'r.xml', {
      open: (t) => void names.push(t.name),
      close: (n) => void closed.push(n),
    })
    expect(names).toEqual(['r', 'lines', 'line', 'lines', 'l', 'line-x', '\u0172', 'r2', 'ŕ'])
    expect(closed.slice(-2)).toEqual(['lines', 'r'])
  })

  it('reads a name cut at the end of a read in full', () => {
    const names: string[] = []
    const tokenizer = new XmlTokenizer({
      open: (name) => void names.push(name),
      close: () => undefined,
      wantsText: () => false,
      text: () => undefined,
      doctype: () => undefined,
      defect: (message) => void names.push(message),
      moreDefects: () => undefined,
    })
    const xml = `<r>${'<line n="1"/>'.repeat(3)}<lines/></r>`
    const cut = xml.indexOf('<lines') + 5
    tokenizer.write(xml.slice(0, cut)) // ends with "<line"
    tokenizer.write(xml.slice(cut))
    expect(tokenizer.end().unfinished).toBeUndefined()
    expect(names).toEqual(['r', 'line', 'line', 'line', 'lines'])
  })
})
