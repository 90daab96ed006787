import { open } from 'node:fs/promises'
import { quoteExcerpt } from '@pipeline-kit/common'
import { fileEntry, type CoverageReport, type FileCoverage, type ReportWarning } from './model'

const MAX_WARNINGS = 50
/** Bytes read at a time from a tracefile; a longer line grows the buffer. */
const READ_BYTES = 1 << 20

/**
 * Parses an LCOV tracefile (geninfo, istanbul, c8, vitest, gcovr, coverage.py, llvm-cov).
 * Lines are DA records (hits summed for a line listed twice), branches BRDA records (`-`
 * is a branch never reached), functions FN/FNDA (also lcov 2 FNL/FNA). LF/LH and friends
 * are kept as the report's stated totals. A record that cannot be read is a warning naming
 * file:line:col; the rest of the report is still read.
 */
export function parseLcov(text: string, source: string): CoverageReport {
  const parser = new LcovParser(source)
  const bytes = Buffer.from(text, 'utf8')
  parser.parse(bytes, bytes.length, true)
  return parser.finish()
}

/**
 * parseLcov for a file, read a megabyte (readBytes) at a time: the report is never held
 * whole, neither as bytes nor as a string, so memory holds only what was read from it.
 */
export async function readLcov(
  file: string,
  source: string = file,
  readBytes: number = READ_BYTES,
): Promise<CoverageReport> {
  const parser = new LcovParser(source)
  const handle = await open(file, 'r')
  try {
    let buffer = Buffer.allocUnsafe(Math.max(1, readBytes))
    let filled = 0
    for (;;) {
      if (filled === buffer.length) {
        // One line longer than the buffer: make room for the rest of it.
        const larger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(larger, 0, 0, filled)
        buffer = larger
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null)
      if (bytesRead === 0) {
        parser.parse(buffer, filled, true)
        return parser.finish()
      }
      filled += bytesRead
      const consumed = parser.parse(buffer, filled, false)
      buffer.copyWithin(0, consumed, filled)
      filled -= consumed
    }
  } finally {
    await handle.close()
  }
}

/**
 * The LCOV reader's state between reads. `parse` takes the lines of bytes[0, end) and
 * returns where the first line it left (one not ended by a newline yet) starts.
 */
export class LcovParser {
  private readonly files = new Map<string, FileCoverage>()
  private readonly warnings: ReportWarning[] = []
  private dropped = 0
  private readonly declared = { LF: 0, LH: 0, BRF: 0, BRH: 0, FNF: 0, FNH: 0 }
  private sawDeclared = false
  private current: FileCoverage | undefined
  /** Function name → key in the current file, for FNDA records that name it. */
  private functionKeys = new Map<string, string>()
  /** lcov 2 FNL index → key. */
  private functionIndexes = new Map<string, string>()
  /** The highest DA line of the current file: a higher one cannot be a repeat. */
  private lastLine = 0
  /**
   * Conditions of the current file's latest BRDA line, stored when another line or file
   * comes: each line's list is then allocated once at its size (a list grown by push holds
   * room for 17).
   */
  private branchLine = 0
  private readonly branchHits: number[] = []
  private lineNo = 0
  private atStart = true

  constructor(private readonly source: string) {}

  /**
   * Reads the lines of bytes[0, end). Unless final, a last line without its newline is left
   * for the next call: the return value is where it starts.
   */
  parse(bytes: Buffer, end: number, final: boolean): number {
    let start = 0
    if (this.atStart) {
      if (end < 3 && !final) return 0
      this.atStart = false
      // A UTF-8 byte order mark is no part of the first record.
      if (end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3
    }
    while (final ? start <= end : start < end) {
      // Fast path for `DA:<line>,<hits>`, most of any report: digits read in place, no string.
      const current = this.current
      if (current && bytes[start] === 68 && bytes[start + 1] === 65 && bytes[start + 2] === 58) {
        let i = this.digitsFrom(bytes, start + 3, end)
        const line = this.digitsValue
        if (i > start + 3 && line > 0 && i < end && bytes[i] === 44) {
          const digitsStart = ++i
          i = this.digitsFrom(bytes, i, end)
          const hits = this.digitsValue
          let next = nextLineAt(bytes, i, end, final)
          if (next === -1 && i < end && bytes[i] === 44) {
            // DA:<line>,<hits>,<checksum>
            const newline = bytes.indexOf(10, i)
            if (newline !== -1 && newline < end) next = newline + 1
            else if (final) next = end + 1
          }
          if (next !== -1 && i > digitsStart && hits <= Number.MAX_SAFE_INTEGER) {
            const lines = current.lines
            if (line > this.lastLine) {
              lines.set(line, hits)
              this.lastLine = line
            } else lines.add(line, hits)
            this.lineNo++
            start = next
            continue
          }
        }
      }
      // Fast path for `BRDA:<line>,<block>,<branch>,<taken>` with digits (or `-`) for taken.
      if (
        current &&
        bytes[start] === 66 &&
        bytes[start + 1] === 82 &&
        bytes[start + 2] === 68 &&
        bytes[start + 3] === 65 &&
        bytes[start + 4] === 58
      ) {
        let i = this.digitsFrom(bytes, start + 5, end)
        const line = this.digitsValue
        let c = i < end ? bytes[i]! : -1
        if (c === 44 && i > start + 5 && line <= Number.MAX_SAFE_INTEGER) {
          // Block and branch: anything but a comma or a line break.
          for (let field = 0; field < 2 && c === 44; field++) {
            c = ++i < end ? bytes[i]! : -1
            while (c !== 44 && c !== 10 && c !== -1) c = ++i < end ? bytes[i]! : -1
          }
          if (c === 44) {
            const takenStart = ++i
            let taken = 0
            if (i < end && bytes[i] === 45) i++
            else {
              i = this.digitsFrom(bytes, i, end)
              taken = this.digitsValue
            }
            const next = nextLineAt(bytes, i, end, final)
            if (next !== -1 && i > takenStart && taken <= Number.MAX_SAFE_INTEGER) {
              this.addBranch(line, taken)
              this.lineNo++
              start = next
              continue
            }
          }
        }
      }
      let newline = bytes.indexOf(10, start)
      if (newline === -1 || newline >= end) {
        if (!final) return start
        newline = end
      }
      let stop = newline
      if (stop > start && bytes[stop - 1] === 13) stop--
      this.lineNo++
      this.record(bytes.toString('utf8', start, stop))
      start = newline + 1
    }
    return end
  }

  /** The value of the digits the latest digitsFrom read. */
  private digitsValue = 0

  /** Reads the decimal digits in bytes[i, end) into digitsValue; returns the index after them. */
  private digitsFrom(bytes: Buffer, i: number, end: number): number {
    let n = 0
    for (; i < end; i++) {
      const c = bytes[i]!
      if (c < 48 || c > 57) break
      n = n * 10 + c - 48
    }
    this.digitsValue = n
    return i
  }

  /** The report read so far, with a warning when its last record was not ended. */
  finish(): CoverageReport {
    this.storeBranches()
    if (this.current)
      this.warn(1, `the report ends without end_of_record for ${this.current.path}; read what was there`)
    const { warnings, declared, source } = this
    if (this.dropped) warnings.push({ file: source, message: `${this.dropped} more warnings not shown` })
    return {
      source,
      format: 'lcov',
      files: this.files,
      roots: [],
      declared: this.sawDeclared
        ? {
            lines: { covered: declared.LH, total: declared.LF },
            branches: { covered: declared.BRH, total: declared.BRF },
            functions: { covered: declared.FNH, total: declared.FNF },
          }
        : undefined,
      warnings,
    }
  }

  private warn(column: number, message: string): void {
    if (this.warnings.length < MAX_WARNINGS)
      this.warnings.push({ file: this.source, line: this.lineNo, column, message })
    else this.dropped++
  }

  /** A BRDA condition of the current file. */
  private addBranch(line: number, taken: number): void {
    if (this.branchHits.length && line !== this.branchLine) this.storeBranches()
    this.branchLine = line
    this.branchHits.push(taken)
  }

  /** Stores the conditions of the latest BRDA line in the current file. */
  private storeBranches(): void {
    const hits = this.branchHits
    if (!hits.length) return
    const branches = this.current!.branches
    const line = this.branchLine
    const stored = branches.get(line)
    branches.set(line, stored ? stored.concat(hits) : hits.slice())
    hits.length = 0
  }

  /** One line of the report, without its line break. */
  private record(text: string): void {
    const colon = text.indexOf(':')
    const hasColon = colon !== -1
    const tag = hasColon ? text.slice(0, colon) : text.trim()
    const value = hasColon ? text.slice(colon + 1) : ''
    if (tag === '' && !hasColon) return
    const current = this.current

    switch (tag) {
      case 'DA': {
        if (!current) {
          this.warn(1, 'DA record outside an SF…end_of_record block; ignored')
          break
        }
        const comma = value.indexOf(',')
        const line = toInt(value.slice(0, comma))
        const second = value.indexOf(',', comma + 1)
        const hits = toNumber(value.slice(comma + 1, second === -1 ? undefined : second))
        if (comma === -1 || line === undefined || line < 1 || hits === undefined) {
          this.warn(4, `malformed DA record ${quoteExcerpt(value)}: expected DA:<line>,<hits>; ignored`)
          break
        }
        current.lines.add(line, Math.max(0, hits))
        if (line > this.lastLine) this.lastLine = line
        break
      }
      case 'BRDA': {
        if (!current) {
          this.warn(1, 'BRDA record outside an SF…end_of_record block; ignored')
          break
        }
        const parts = value.split(',')
        const line = toInt(parts[0] ?? '')
        const takenText = parts.at(-1) ?? ''
        const taken = takenText === '-' ? 0 : toNumber(takenText)
        if (parts.length < 4 || line === undefined || taken === undefined) {
          this.warn(
            6,
            `malformed BRDA record ${quoteExcerpt(value)}: expected BRDA:<line>,<block>,<branch>,<taken>; ignored`,
          )
          break
        }
        this.addBranch(line, taken)
        break
      }
      case 'SF':
        this.storeBranches()
        if (current)
          this.warn(1, `SF record before end_of_record of ${current.path}; the previous file ends here`)
        this.current = fileEntry(this.files, value.trim())
        this.lastLine = this.current.lines.size ? Infinity : 0
        this.functionKeys = new Map()
        this.functionIndexes = new Map()
        break
      case 'end_of_record':
        this.storeBranches()
        if (!current) this.warn(1, 'end_of_record without an SF record; ignored')
        this.current = undefined
        break
      case 'FN': {
        if (!current) break
        // FN:<line>,<name> or lcov 2's FN:<start>,<end>,<name>
        const parts = value.split(',')
        const line = toInt(parts[0] ?? '')
        const name =
          parts.length >= 3 && toInt(parts[1]!) !== undefined
            ? parts.slice(2).join(',')
            : parts.slice(1).join(',')
        if (line === undefined || !name) {
          this.warn(4, `malformed FN record ${quoteExcerpt(value)}: expected FN:<line>,<name>; ignored`)
          break
        }
        const key = `${line}:${name}`
        this.functionKeys.set(name, key)
        if (!current.functions.has(key)) current.functions.set(key, { name, line, hits: 0 })
        break
      }
      case 'FNDA': {
        if (!current) break
        const comma = value.indexOf(',')
        const hits = toNumber(value.slice(0, comma))
        const name = value.slice(comma + 1)
        const key = this.functionKeys.get(name)
        if (comma === -1 || hits === undefined) {
          this.warn(6, `malformed FNDA record ${quoteExcerpt(value)}: expected FNDA:<hits>,<name>; ignored`)
          break
        }
        const fn = key ? current.functions.get(key) : undefined
        if (fn) fn.hits += hits
        else current.functions.set(`0:${name}`, { name, line: 0, hits })
        break
      }
      case 'FNL': {
        // lcov 2: FNL:<index>,<start>[,<end>]
        if (!current) break
        const [index = '', startLine = ''] = value.split(',')
        const line = toInt(startLine)
        if (line === undefined) break
        this.functionIndexes.set(index, `${line}:#${index}`)
        current.functions.set(`${line}:#${index}`, { name: `#${index}`, line, hits: 0 })
        break
      }
      case 'FNA': {
        // lcov 2: FNA:<index>,<hits>,<name>
        if (!current) break
        const [index = '', hitsText = '', ...nameParts] = value.split(',')
        const key = this.functionIndexes.get(index)
        const fn = key ? current.functions.get(key) : undefined
        const hits = toNumber(hitsText)
        if (fn && hits !== undefined) {
          fn.hits += hits
          if (fn.name.startsWith('#') && nameParts.length) fn.name = nameParts.join(',')
        }
        break
      }
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH':
      case 'FNF':
      case 'FNH':
        this.sawDeclared = true
        this.declared[tag] += toInt(value) ?? 0
        break
      case 'TN':
      case 'VER':
        break
      default:
        if (!/^[A-Z_]+$/.test(tag)) this.warn(1, `unrecognised line ${quoteExcerpt(text)}; ignored`)
    }
  }
}

/**
 * Where the next line starts when a record ends at bytes[i] (a line break, or the end of
 * the last read); -1 when something else follows or the line may go on in the next read.
 */
function nextLineAt(bytes: Buffer, i: number, end: number, final: boolean): number {
  if (i >= end) return final ? end + 1 : -1
  const c = bytes[i]
  if (c === 10) return i + 1
  if (c === 13 && i + 1 < end && bytes[i + 1] === 10) return i + 2
  return -1
}

function toInt(text: string): number | undefined {
  const n = Number(text)
  return text !== '' && Number.isInteger(n) ? n : undefined
}

function toNumber(text: string): number | undefined {
  const n = Number(text)
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined
}
