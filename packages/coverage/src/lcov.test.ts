import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseLcov, readLcov } from './lcov'
import { fileTotals, type CoverageReport } from './model'

const dir = mkdtempSync(join(tmpdir(), 'pk-lcov-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let written = 0
function write(text: string | Buffer): string {
  const file = join(dir, `report-${written++}.info`)
  writeFileSync(file, text)
  return file
}

/** Everything a report holds, as plain data. */
function dump(report: CoverageReport) {
  return {
    declared: report.declared,
    warnings: report.warnings,
    files: [...report.files].map(([key, f]) => ({
      key,
      lines: [...f.lines],
      branches: [...f.branches],
      functions: [...f.functions],
    })),
  }
}

const REPORT = [
  'TN:',
  'SF:src/ünïcode/a.ts',
  'FN:1,add',
  'FNDA:3,add',
  'DA:1,3',
  'DA:2,0,checksum',
  'DA:2,4',
  'DA:3,oops',
  'BRDA:1,0,0,2',
  'BRDA:1,0,1,-',
  'LF:2',
  'LH:2',
  'end_of_record',
  'SF:src/b.ts',
  'DA:10,1',
  'end_of_record',
  'SF:src/a.ts',
  'DA:7,1',
]

describe('readLcov', () => {
  it.each([
    ['\n', true],
    ['\r\n', true],
    ['\n', false],
    ['\r\n', false],
  ])(
    'reads a file in pieces as parseLcov reads the whole (line end %j, final newline %s)',
    async (eol, finalNewline) => {
      const text = REPORT.join(eol) + (finalNewline ? eol : '')
      const whole = dump(parseLcov(text, 'lcov.info'))
      expect(whole.files.map((f) => f.key)).toEqual(['src/ünïcode/a.ts', 'src/b.ts', 'src/a.ts'])
      expect(whole.files[0]!.lines).toEqual([
        [1, 3],
        [2, 4],
      ])
      expect(whole.warnings.map((w) => [w.line, w.message.slice(0, 40)])).toEqual([
        [8, "malformed DA record '3,oops': expected D"],
        [finalNewline ? 19 : 18, 'the report ends without end_of_record fo'],
      ])
      const file = write(text)
      // Pieces of every size up to a few records, so each read ends inside a record, inside
      // a CR LF pair, inside a multi-byte character; a piece smaller than a line grows.
      for (const size of [1, 2, 3, 4, 5, 7, 11, 16, 29, 64, 1 << 20])
        expect(dump(await readLcov(file, 'lcov.info', size)), `read ${size} bytes at a time`).toEqual(whole)
    },
  )

  it('names the report file and line of a malformed record in a large file', async () => {
    const records = ['SF:src/big.ts']
    for (let line = 1; line <= 50_000; line++) records.push(`DA:${line},${line % 2}`)
    records.push('DA:50001,-x', 'BRDA:1,0,0', 'end_of_record')
    const file = write(records.join('\n') + '\n')
    const report = await readLcov(file, 'coverage/lcov.info', 4096)
    expect(fileTotals(report.files.get('src/big.ts')!).lines).toEqual({ covered: 25_000, total: 50_000 })
    expect(report.warnings).toEqual([
      {
        file: 'coverage/lcov.info',
        line: 50_002,
        column: 4,
        message: "malformed DA record '50001,-x': expected DA:<line>,<hits>; ignored",
      },
      {
        file: 'coverage/lcov.info',
        line: 50_003,
        column: 6,
        message: "malformed BRDA record '1,0,0': expected BRDA:<line>,<block>,<branch>,<taken>; ignored",
      },
    ])
  })

  it('skips a UTF-8 byte order mark', async () => {
    const text = '\uFEFFTN:\nSF:a.ts\nDA:1,1\nend_of_record\n'
    expect(parseLcov(text, 'x').warnings).toEqual([])
    const report = await readLcov(write(text), 'x', 2)
    expect(report.warnings).toEqual([])
    expect([...report.files.get('a.ts')!.lines]).toEqual([[1, 1]])
  })

  it('keeps a line longer than a read whole', async () => {
    const path = `src/${'deep/'.repeat(2000)}file.ts`
    const report = await readLcov(write(`SF:${path}\nDA:1,1\nend_of_record\n`), 'x', 64)
    expect([...report.files.keys()]).toEqual([path])
  })

  it('sums a line listed twice and counts huge hit counts exactly', () => {
    const report = parseLcov(
      'SF:a.ts\nDA:2,1\nDA:1,4294967295\nDA:2,9007199254740991\nDA:1,1\nDA:3,99999999999999999999\nend_of_record\n',
      'x',
    )
    expect([...report.files.get('a.ts')!.lines]).toEqual([
      [1, 4294967296],
      [2, 9007199254740992],
      [3, 1e20],
    ])
  })
})

describe('parseLcov BRDA records', () => {
  it('appends conditions to their line wherever they come and names a record it cannot read', () => {
    const report = parseLcov(
      [
        'SF:a.ts',
        'BRDA:3,0,0,2',
        'BRDA:3,0,1,-',
        'BRDA:5,0,0,0',
        'BRDA:3,1,0,1',
        'BRDA:7,block,name,with,commas,4',
        'BRDA:8,0,0,-x',
        'BRDA:9,0,0,',
        'end_of_record',
        'SF:b.ts',
        'BRDA:3,0,0,6',
        'end_of_record',
        'SF:a.ts',
        'BRDA:5,0,1,9',
        'end_of_record',
      ].join('\n'),
      'lcov.info',
    )
    expect([...report.files.get('a.ts')!.branches]).toEqual([
      [3, [2, 0, 1]],
      [5, [0, 9]],
      [7, [4]],
    ])
    expect([...report.files.get('b.ts')!.branches]).toEqual([[3, [6]]])
    expect(report.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [7, 6, "malformed BRDA record '8,0,0,-x': expected BRDA:<line>,<block>,<branch>,<taken>; ignored"],
      [8, 6, "malformed BRDA record '9,0,0,': expected BRDA:<line>,<block>,<branch>,<taken>; ignored"],
    ])
  })
})
