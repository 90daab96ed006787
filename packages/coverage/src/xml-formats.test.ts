import { describe, expect, it } from 'vitest'
import { streamXmlString } from '@pipeline-kit/xml-stream'
import { conditions, createCoberturaReader, parseConditionCoverage } from './xml-formats'

/** What the reader did before: the first match of a regular expression and Number(). */
function byRegExp(text: string): number[] | undefined {
  const match = /\((\d+)\/(\d+)\)/.exec(text)
  if (!match) return undefined
  const covered = Number(match[1])
  const list = new Array<number>(Math.max(Number(match[2]), covered)).fill(0)
  list.fill(1, 0, covered)
  return list
}

describe('parseConditionCoverage', () => {
  it.each([
    '50% (1/2)',
    '100% (4/4)',
    '0% (0/2)',
    '(3/5)',
    '33.33% (1/3)',
    '150% (3/2)',
    '50% (x/2) (1/2)',
    '((1/2)',
    '(1/2',
    '(1/)',
    '(/2)',
    '( 1/2)',
    '(1 /2)',
    '(1/2 )',
    '50%',
    '',
    '(1/00000000000000000002)',
    '(000000000000000000001/3)',
    '(0/0)',
    '(00/003)',
    '(1/64)',
    '(2/65)',
    '(１/2)',
  ])('reads %j as the regular expression did', (text) => {
    expect(parseConditionCoverage(text)).toEqual(byRegExp(text))
  })
})

describe('conditions', () => {
  it('lists covered conditions first, as hit counts, in a packed array', () => {
    expect(conditions(1, 3)).toEqual([1, 0, 0])
    expect(conditions(3, 2)).toEqual([1, 1, 1])
    expect(conditions(0, 0)).toEqual([])
    expect(conditions(70, 100)).toEqual([...new Array<number>(70).fill(1), ...new Array<number>(30).fill(0)])
  })

  it('keeps what Array#fill did for counts that are no small integers', () => {
    expect(conditions(1.5, 3)).toEqual([1, 0, 0])
    expect(conditions(-1, 3)).toEqual([1, 1, 0])
    expect(conditions(0, -1)).toEqual([])
    expect(() => conditions(-2, -1)).toThrow(RangeError)
  })
})

describe('Cobertura <line>', () => {
  it('keeps the highest count, reads branches, gives method lines to the function and warns where it ignores', () => {
    const xml = [
      '<coverage><packages><package><classes>',
      '<class filename="a.py"><methods>',
      '<method name="f" signature="()"><lines><line number="3" hits="4"/></lines></method>',
      '</methods><lines>',
      '<line number="3" hits="1" branch="true" condition-coverage="50% (1/2)"/>',
      '<line number="3" hits="2"/>',
      '<line number="5" hits="-1" condition-coverage="0% (0/3)"/>',
      '<line number="0" hits="3"/><line number="0" hits="3"/>',
      '<line number="1.5" hits="1"/><line hits="1"/>',
      '<line number="4294967300" hits="1"/>',
      '</lines></class></classes></package></packages></coverage>',
    ].join('\n')
    const reader = createCoberturaReader('cov.xml')
    const report = reader.finish(streamXmlString(xml, 'cov.xml', reader.handlers))
    const file = report.files.get('a.py')!
    expect([...file.lines]).toEqual([
      [3, 2],
      [5, 0],
      [4294967300, 1],
    ])
    expect([...file.branches]).toEqual([
      [3, [1, 0]],
      [5, [0, 0, 0]],
    ])
    expect([...file.functions.values()]).toEqual([{ name: 'f', line: 3, hits: 4 }])
    expect(report.warnings).toEqual([
      {
        file: 'cov.xml',
        line: 8,
        column: 27,
        message: 'line number 0 in a.py is not a source line; ignored',
      },
      {
        file: 'cov.xml',
        line: 9,
        column: 29,
        message: '<line> without a valid number and hits in a.py; ignored',
      },
      {
        file: 'cov.xml',
        line: 9,
        column: 45,
        message: '<line> without a valid number and hits in a.py; ignored',
      },
    ])
  })
})
