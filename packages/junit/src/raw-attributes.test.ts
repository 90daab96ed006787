import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLiteralLessThanInAttributes } from './raw-attributes'

const file = (xml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'pk-junit-')), 'r.xml')
  writeFileSync(path, xml)
  return path
}

describe('findLiteralLessThanInAttributes', () => {
  it('finds a literal < in attribute values, not &lt;, a stray < in text, comments or CDATA', async () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<!-- a <comment> with "quotes" -->',
      '<testsuite name="&lt;ok&gt;">',
      '  <testcase name="x" time="<<computed>>"/>',
      '  <testcase name=\'y &lt; z\' classname=\'<C>\'>text with < and "quotes"<![CDATA[ a="<" ]]></testcase>',
      '</testsuite>',
    ].join('\n')
    expect(await findLiteralLessThanInAttributes(file(xml))).toEqual([
      { line: 4, column: 28 },
      { line: 4, column: 29 },
      { line: 5, column: 40 },
    ])
  })
})
