// Hostile and odd documents: deep nesting, stray and mismatched closing tags by the ten
// thousand, a 50 MB attribute, entity bombs and external DTDs. Outcomes only: the time each
// takes is measured in bench/test-reports.bench.ts.
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  writeDeepInCase,
  writeDeepSuites,
  writeHugeAttribute,
  writeStrayCloses,
} from '../../../test/test-action/generate-hostile-xml'
import { DEFAULT_MAX_DEPTH, streamXml, streamXmlString } from './index'

const dir = mkdtempSync(join(tmpdir(), 'xml-stream-hostile-'))

describe('deep nesting', () => {
  it('refuses 200,000 nested elements at the first one too deep, naming file, line and column', async () => {
    const file = join(dir, 'deep.xml')
    writeDeepSuites(file, 200_000)
    let opened = 0
    const error = await streamXml(file, { open: () => void opened++ }).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.name).toBe('UserError')
    // The root is level 1, so the <testsuite> at level 1001 is the 1000th, on line 1002.
    expect(error?.message).toBe(
      `${file}:1002:23: <testsuite> is nested 1001 levels deep, more than the 1000 accepted: no test or coverage tool writes such a file, so it is not read`,
    )
    expect(opened).toBe(DEFAULT_MAX_DEPTH)
  })

  it('reads a document exactly as deep as the limit, and takes a lower limit as an option', async () => {
    const file = join(dir, 'limit.xml')
    writeDeepSuites(file, DEFAULT_MAX_DEPTH - 2) // + <testsuites> + <testcase> = the limit
    let deepest = 0
    let depth = 0
    await streamXml(file, {
      open: () => void (deepest = Math.max(deepest, ++depth)),
      close: () => void depth--,
    })
    expect([deepest, depth]).toEqual([DEFAULT_MAX_DEPTH, 0])
    await expect(streamXml(file, {}, { maxDepth: 10 })).rejects.toThrow(
      /:12:\d+: <testsuite> is nested 11 levels deep, more than the 10 accepted/,
    )
  })

  it('refuses deep nesting inside a test case too', async () => {
    const file = join(dir, 'deep-in-case.xml')
    writeDeepInCase(file, 100_000)
    await expect(streamXml(file, {})).rejects.toThrow(
      new RegExp(`^${escape(file)}:3:\\d+: <node> is nested 1001 levels deep`),
    )
  })
})

describe('closing tags that match nothing', () => {
  it('warns at each of 40,000 stray closes under 998 open elements (50 listed, the rest counted) and keeps the nesting right', async () => {
    const file = join(dir, 'stray.xml')
    writeStrayCloses(file, { depth: 995, strays: 40_000 })
    const closes: string[] = []
    let depth = 0
    let deepest = 0
    const result = await streamXml(file, {
      open: () => void (deepest = Math.max(deepest, ++depth)),
      close: (name) => {
        depth--
        if (name !== 'a') closes.push(name)
      },
    })
    expect(deepest).toBe(999)
    expect(depth).toBe(0)
    expect(closes).toEqual(['system-out', 'testcase', 'testsuite', 'testsuites'])
    expect(result.warnings).toHaveLength(51)
    expect(result.warnings[0]).toEqual({
      file,
      line: 3,
      column: 4,
      message: 'a closing tag </x> that matches no open element; ignored',
    })
    expect(result.warnings[49]).toMatchObject({ line: 52, column: 4 })
    expect(result.warnings[50]!.message).toBe('39950 more XML defect(s) not listed')
  })

  it('names at most five of the elements a mismatched close closes', () => {
    const xml = `<r><keep>${'<b>'.repeat(20)}</keep></r>`
    const result = streamXmlString(xml, 'm.xml', {})
    expect(result.warnings.map((w) => w.message)).toEqual([
      'a closing tag </keep> while <b>, <b>, <b>, <b>, <b> and 15 more still open; closed them there',
    ])
  })

  it('closes each element once when closes alternate between matching and stray', () => {
    const names: string[] = []
    const xml = `<r>${'<p><q>'.repeat(400)}${'</z></p>'.repeat(400)}</r>`
    const result = streamXmlString(xml, 'alt.xml', { close: (n) => names.push(n) })
    expect(names.filter((n) => n === 'q')).toHaveLength(400)
    expect(names.filter((n) => n === 'p')).toHaveLength(400)
    expect(names.at(-1)).toBe('r')
    expect(result.warnings).toHaveLength(51)
  })
})

describe('huge markup', () => {
  it('reads a 50 MB attribute value whole and the elements after it', async () => {
    const file = join(dir, 'attr.xml')
    writeHugeAttribute(file, 50_000_000)
    let length = 0
    const names: string[] = []
    await streamXml(file, {
      open: (tag) => {
        names.push(tag.attribute('name') ?? tag.name)
        if (tag.name === 'failure') length = tag.attribute('message')!.length
      },
    })
    // Each 26-character piece 'assertion text &amp; more ' decodes to 22 characters.
    expect(length).toBe(Math.floor(50_000_000 / 26) * 22 + decodedTail(50_000_000 % 26))
    expect(names).toEqual(['testsuites', 's', 't', 'failure', 'after'])
  })

  it("counts the literal '<'s of a 1 MB attribute past the warnings it lists", () => {
    const result = streamXmlString(`<r a="${'<'.repeat(1_000_000)}"/>`, 'lt.xml', {})
    expect(result.warnings).toHaveLength(51)
    expect(result.warnings[0]).toMatchObject({ line: 1, column: 7 })
    expect(result.warnings[50]!.message).toBe('999950 more XML defect(s) not listed')
  })

  it('reads a comment and a CDATA section of several read chunks each', async () => {
    const { writeFileSync } = await import('node:fs')
    const file = join(dir, 'long-markup.xml')
    const cdata = 'x'.repeat(3_000_000)
    writeFileSync(file, `<r><!-- ${'c'.repeat(3_000_000)} --><t><![CDATA[${cdata}]]></t></r>`)
    let text = 0
    const result = await streamXml(file, { text: (t) => void (text += t.length) }, { maxTextChars: 1e7 })
    expect(text).toBe(cdata.length)
    expect(result.warnings).toEqual([])
  })
})

describe('entities and DTDs', () => {
  it('refuses a billion-laughs document even when a comment in the subset hides a ]', () => {
    const bomb = `<!DOCTYPE r [ <!-- ] --> <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]><r>&b;</r>`
    const texts: string[] = []
    expect(() => streamXmlString(bomb, 'b.xml', { text: (t) => texts.push(t) })).toThrow(/^b\.xml:1:\d+: /)
    expect(texts.join('')).not.toContain('aaaaaaaaaa')
  })

  it.each(['file', 'https'])(
    "refuses the corpus's external-entity probe (%s) without reading what it points at",
    async (kind) => {
      const probes = join(
        import.meta.dirname,
        '../../../test/fixtures/reports/nunit-invalid/enricomi-publish-unit-test-result-action',
      )
      const file = join(probes, `nunit3__jenkins__NUnit-sec1752-${kind}.xml`)
      const texts: string[] = []
      await expect(streamXml(file, { text: (t) => texts.push(t) })).rejects.toThrow(
        new RegExp(`^${escape(file)}:4:2: the DTD declares entities`),
      )
      // NUnit-sec1752-file.txt, beside the probe, holds 'abc'.
      expect(texts.join('')).not.toContain('abc')
    },
  )

  it('never fetches an external DTD or entity (a local server sees no request)', async () => {
    let requests = 0
    const server = createServer((_req, res) => {
      requests++
      res.end('<!ENTITY x "fetched">')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.dtd`
    try {
      const texts: string[] = []
      const external = `<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "${url}">\n<r>&x;</r>`
      const result = streamXmlString(external, 'ext.xml', { text: (t) => texts.push(t) })
      expect(texts.join('')).toBe('&x;')
      expect(result.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
        '3: an undeclared entity &x; (only the predefined ones are expanded); read as written',
      ])
      const parameter = `<!DOCTYPE r [<!ENTITY % p SYSTEM "${url}"> %p;]><r/>`
      expect(() => streamXmlString(parameter, 'p.xml', {})).toThrow(/declares entities/)
      // Give a request the reader might have started the time to arrive.
      await new Promise((resolve) => setImmediate(resolve))
      expect(requests).toBe(0)
    } finally {
      server.close()
    }
  })
})

/** Decoded length of the first `raw` characters of the attribute's repeating piece. */
function decodedTail(raw: number): number {
  const piece = 'assertion text &amp; more '
  const cut = piece.slice(0, raw)
  return cut.includes('&amp;') ? cut.length - 4 : cut.length
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
