import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { streamXml, streamXmlString, TEXT_CUT_MARKER, type XmlHandlers } from './index'

const fixtures = join(import.meta.dirname, '../../../test/fixtures/reports')

function collect() {
  const events: string[] = []
  const handlers: XmlHandlers = {
    open: (t) => events.push(`<${t.name} ${JSON.stringify(t.attributes)} @${t.line}:${t.column}`),
    close: (n) => events.push(`</${n}>`),
    text: (t) => {
      if (t.trim()) events.push(`"${t}"`)
    },
  }
  return { events, handlers }
}

describe('streamXmlString', () => {
  it('keeps the case of names, decodes predefined entities and delivers CDATA as text', () => {
    const { events, handlers } = collect()
    const result = streamXmlString(
      '<testSuites><testCase Name="a &amp; b">x &lt; y<![CDATA[<raw>]]></testCase></testSuites>',
      'r.xml',
      handlers,
    )
    expect(result.rootName).toBe('testSuites')
    expect(result.warnings).toEqual([])
    expect(events).toEqual([
      '<testSuites {} @1:12',
      '<testCase {"Name":"a & b"} @1:39',
      '"x < y"',
      '"<raw>"',
      '</testCase>',
      '</testSuites>',
    ])
  })

  it('gives 1-based line and column of each element', () => {
    const { events, handlers } = collect()
    streamXmlString('<a>\n  <b/>\n</a>', 'r.xml', handlers)
    expect(events[1]).toBe('<b {} @2:6')
  })

  it('refuses an entity bomb without expanding it, naming file and position', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<testsuite><testcase name="&lol3;"/></testsuite>`
    expect(() => streamXmlString(bomb, 'bomb.xml', {})).toThrow(
      /^bomb\.xml:6:\d+: the DTD declares entities; they are not expanded/,
    )
  })

  it('never resolves an external entity', () => {
    const xxe = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`
    const texts: string[] = []
    expect(() => streamXmlString(xxe, 'xxe.xml', { text: (t) => texts.push(t) })).toThrow(/declares entities/)
    expect(texts.join('')).not.toContain('root:')
  })

  it('leaves an undeclared entity reference as written, with a warning', () => {
    const texts: string[] = []
    const result = streamXmlString('<r>a &nope; b</r>', 'r.xml', { text: (t) => texts.push(t) })
    expect(texts.join('')).toBe('a &nope; b')
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatchObject({ file: 'r.xml', line: 1 })
  })

  it('cuts a huge text node at the limit with a marker', () => {
    const texts: string[] = []
    streamXmlString(
      `<r>${'x'.repeat(5000)}</r>`,
      'r.xml',
      { text: (t) => texts.push(t) },
      { maxTextChars: 100 },
    )
    expect(texts.join('')).toBe('x'.repeat(100) + TEXT_CUT_MARKER)
  })

  it.each([
    ['', /^e\.xml:1:1: no XML element found/],
    ['   \n', /^e\.xml:1:1: no XML element found/],
    ['hello world', /^e\.xml:1:\d+: not XML: text before the first element/],
    ['<a><b>', /^e\.xml:1:7: the document ends early inside <b>: the file is truncated/],
    ['<a/><b/>', /^e\.xml:1:\d+: a second root element <b> after <\/a>/],
    ['<a/>trailing', /^e\.xml:1:\d+: content after the root element/],
  ])('fails clearly on %j', (xml, message) => {
    expect(() => streamXmlString(xml, 'e.xml', {})).toThrow(message)
  })

  it('recovers from a stray closing tag with one warning at its position', () => {
    const { events, handlers } = collect()
    const result = streamXmlString('<a>\n<b></b></c>\n</a>', 'r.xml', handlers)
    expect(events).toEqual(['<a {} @1:3', '<b {} @2:3', '</b>', '</a>'])
    expect(result.warnings).toEqual([
      {
        file: 'r.xml',
        line: 2,
        column: 11,
        message: 'a closing tag </c> that matches no open element; ignored',
      },
    ])
  })
})

describe('streamXml (files)', () => {
  it('streams a file larger than one read chunk, with elements across chunk boundaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xml-stream-'))
    const file = join(dir, 'big.xml')
    const cases = 20_000
    writeFileSync(
      file,
      `<testsuite>${'<testcase name="t" time="0.1"><system-out>out</system-out></testcase>'.repeat(cases)}</testsuite>`,
    )
    let opened = 0
    const result = await streamXml(file, { open: (t) => void (t.name === 'testcase' && opened++) })
    expect(opened).toBe(cases)
    expect(result.warnings).toEqual([])
  })

  it('keeps positions, entities and quoted ">" right across read-chunk boundaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xml-stream-'))
    const file = join(dir, 'lines.xml')
    const lines = 40_000 // ~1.3 MB: several 256 KiB reads, with tags cut at each boundary
    const body = Array.from({ length: lines }, (_, n) => `  <t n="${n}" v="a &amp; b > c"/>`).join('\n')
    writeFileSync(file, `<r>\n${body}\n</r>\n`)
    const wrong: string[] = []
    let seen = 0
    await streamXml(file, {
      open: (t) => {
        if (t.name !== 't') return
        seen++
        const n = Number(t.attributes.n)
        const expectedColumn = `  <t n="${n}" v="a &amp; b > c"/>`.length
        if (t.line !== n + 2 || t.column !== expectedColumn || t.attributes.v !== 'a & b > c')
          wrong.push(`${n}: ${t.line}:${t.column} ${t.attributes.v}`)
      },
    })
    expect(seen).toBe(lines)
    expect(wrong.slice(0, 5)).toEqual([])
  })

  it('names a file that cannot be read', async () => {
    await expect(streamXml('/nonexistent/report.xml', {})).rejects.toThrow(
      '/nonexistent/report.xml: cannot read the file (ENOENT)',
    )
  })

  it.each([
    ['junit-invalid/enricomi-publish-unit-test-result-action/xml__empty.xml', /:1:1: no XML element found/],
    ['junit-invalid/enricomi-publish-unit-test-result-action/xml__non-xml.xml', /:1:\d+: not XML/],
    [
      'junit-invalid/enricomi-publish-unit-test-result-action/pytest__corrupt-xml.xml',
      /:11:\d+: .*truncated/,
    ],
    ['junit-invalid/mikepenz-action-junit-report/TEST-test.CorruptTest.xml', /:18:\d+: .*truncated/],
    [
      'checkstyle-invalid/staabm-annotate-pull-request-from-checkstyle/multiple-suites.xml',
      /:8:\d+: a second root/,
    ],
  ])('rejects the invalid peer fixture %s with file:line:col', async (file, message) => {
    await expect(streamXml(join(fixtures, file), {})).rejects.toThrow(message)
  })

  it('reads the scoverage Cobertura report with stray closing tags, warning at their lines', async () => {
    let classes = 0
    const result = await streamXml(join(fixtures, 'cobertura/coverallsapp-coverage-reporter/cobertura.xml'), {
      open: (t) => void (t.name === 'class' && classes++),
    })
    expect(classes).toBeGreaterThan(0)
    expect(result.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '781: a closing tag </methods> that matches no open element; ignored',
      '782: a closing tag </lines> that matches no open element; ignored',
    ])
  })
})
