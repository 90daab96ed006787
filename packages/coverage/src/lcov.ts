import { fileEntry, type CoverageReport, type FileCoverage, type ReportWarning } from './model'

const MAX_WARNINGS = 50

/**
 * Parses an LCOV tracefile (geninfo, istanbul, c8, vitest, gcovr, coverage.py, llvm-cov).
 * Lines are DA records (hits summed for a line listed twice), branches BRDA records (`-`
 * is a branch never reached), functions FN/FNDA (also lcov 2 FNL/FNA). LF/LH and friends
 * are kept as the report's stated totals. A record that cannot be read is a warning naming
 * file:line:col; the rest of the report is still read.
 */
export function parseLcov(text: string, source: string): CoverageReport {
  const files = new Map<string, FileCoverage>()
  const warnings: ReportWarning[] = []
  let dropped = 0
  const warn = (line: number, column: number, message: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push({ file: source, line, column, message })
    else dropped++
  }
  const declared = { LF: 0, LH: 0, BRF: 0, BRH: 0, FNF: 0, FNH: 0 }
  let sawDeclared = false
  let current: FileCoverage | undefined
  /** Function name → key in the current file, for FNDA records that name it. */
  let functionKeys = new Map<string, string>()
  /** lcov 2 FNL index → key. */
  let functionIndexes = new Map<string, string>()

  /** The highest DA line of the current file: a higher one cannot be a repeat. */
  let lastLine = 0
  let lineNo = 0
  let start = 0
  const length = text.length
  while (start <= length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = length
    lineNo++
    let stop = end
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--
    // Fast path for `DA:<line>,<hits>`, most of any report: digits read in place, no slices.
    if (
      current &&
      text.charCodeAt(start) === 68 &&
      text.charCodeAt(start + 1) === 65 &&
      text.charCodeAt(start + 2) === 58
    ) {
      let i = start + 3
      let line = 0
      let c = text.charCodeAt(i)
      while (c >= 48 && c <= 57) {
        line = line * 10 + c - 48
        c = text.charCodeAt(++i)
      }
      if (c === 44 && line > 0 && i > start + 3) {
        const digitsStart = ++i
        let hits = 0
        c = text.charCodeAt(i)
        while (c >= 48 && c <= 57) {
          hits = hits * 10 + c - 48
          c = text.charCodeAt(++i)
        }
        if (i > digitsStart && (i === stop || c === 44) && hits <= Number.MAX_SAFE_INTEGER) {
          const lines = current.lines
          if (line > lastLine) lines.set(line, hits)
          else lines.set(line, (lines.get(line) ?? 0) + hits)
          if (line > lastLine) lastLine = line
          start = end + 1
          continue
        }
      }
    }
    const colon = text.indexOf(':', start)
    const hasColon = colon !== -1 && colon < stop
    const tag = hasColon ? text.slice(start, colon) : text.slice(start, stop).trim()
    const value = hasColon ? text.slice(colon + 1, stop) : ''
    const lineStart = start
    start = end + 1
    if (tag === '' && !hasColon) continue

    switch (tag) {
      case 'DA': {
        if (!current) {
          warn(lineNo, 1, 'DA record outside an SF…end_of_record block; ignored')
          break
        }
        const comma = value.indexOf(',')
        const line = toInt(value.slice(0, comma))
        const second = value.indexOf(',', comma + 1)
        const hits = toNumber(value.slice(comma + 1, second === -1 ? undefined : second))
        if (comma === -1 || line === undefined || line < 1 || hits === undefined) {
          warn(lineNo, 4, `malformed DA record '${value}': expected DA:<line>,<hits>; ignored`)
          break
        }
        const lines = current.lines
        lines.set(line, (lines.get(line) ?? 0) + Math.max(0, hits))
        if (line > lastLine) lastLine = line
        break
      }
      case 'BRDA': {
        if (!current) {
          warn(lineNo, 1, 'BRDA record outside an SF…end_of_record block; ignored')
          break
        }
        const parts = value.split(',')
        const line = toInt(parts[0] ?? '')
        const takenText = parts.at(-1) ?? ''
        const taken = takenText === '-' ? 0 : toNumber(takenText)
        if (parts.length < 4 || line === undefined || taken === undefined) {
          warn(
            lineNo,
            6,
            `malformed BRDA record '${value}': expected BRDA:<line>,<block>,<branch>,<taken>; ignored`,
          )
          break
        }
        const conditions = current.branches.get(line)
        if (conditions) conditions.push(taken)
        else current.branches.set(line, [taken])
        break
      }
      case 'SF':
        if (current)
          warn(lineNo, 1, `SF record before end_of_record of ${current.path}; the previous file ends here`)
        current = fileEntry(files, value.trim())
        lastLine = current.lines.size ? Infinity : 0
        functionKeys = new Map()
        functionIndexes = new Map()
        break
      case 'end_of_record':
        if (!current) warn(lineNo, 1, 'end_of_record without an SF record; ignored')
        current = undefined
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
          warn(lineNo, 4, `malformed FN record '${value}': expected FN:<line>,<name>; ignored`)
          break
        }
        const key = `${line}:${name}`
        functionKeys.set(name, key)
        if (!current.functions.has(key)) current.functions.set(key, { name, line, hits: 0 })
        break
      }
      case 'FNDA': {
        if (!current) break
        const comma = value.indexOf(',')
        const hits = toNumber(value.slice(0, comma))
        const name = value.slice(comma + 1)
        const key = functionKeys.get(name)
        if (comma === -1 || hits === undefined) {
          warn(lineNo, 6, `malformed FNDA record '${value}': expected FNDA:<hits>,<name>; ignored`)
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
        functionIndexes.set(index, `${line}:#${index}`)
        current.functions.set(`${line}:#${index}`, { name: `#${index}`, line, hits: 0 })
        break
      }
      case 'FNA': {
        // lcov 2: FNA:<index>,<hits>,<name>
        if (!current) break
        const [index = '', hitsText = '', ...nameParts] = value.split(',')
        const key = functionIndexes.get(index)
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
        sawDeclared = true
        declared[tag] += toInt(value) ?? 0
        break
      case 'TN':
      case 'VER':
        break
      default:
        if (!/^[A-Z_]+$/.test(tag))
          warn(
            lineNo,
            1,
            `unrecognised line '${text.slice(lineStart, Math.min(stop, lineStart + 80))}'; ignored`,
          )
    }
  }
  if (current)
    warn(lineNo, 1, `the report ends without end_of_record for ${current.path}; read what was there`)
  if (dropped) warnings.push({ file: source, message: `${dropped} more warnings not shown` })
  return {
    source,
    format: 'lcov',
    files,
    roots: [],
    declared: sawDeclared
      ? {
          lines: { covered: declared.LH, total: declared.LF },
          branches: { covered: declared.BRH, total: declared.BRF },
          functions: { covered: declared.FNH, total: declared.FNF },
        }
      : undefined,
    warnings,
  }
}

function toInt(text: string): number | undefined {
  const n = Number(text)
  return text !== '' && Number.isInteger(n) ? n : undefined
}

function toNumber(text: string): number | undefined {
  const n = Number(text)
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined
}
