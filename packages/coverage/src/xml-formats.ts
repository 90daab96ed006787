import type { XmlHandlers, XmlOpenTag, XmlStreamResult } from '@pipeline-kit/xml-stream'
import {
  fileEntry,
  type Counter,
  type CoverageFormat,
  type CoverageReport,
  type CoverageTotals,
  type FileCoverage,
  type FunctionHits,
  type ReportWarning,
} from './model'

/** Handlers for an XML stream plus what turns the collected data into a report. */
export interface XmlCoverageReader {
  readonly handlers: XmlHandlers
  finish(result: XmlStreamResult): CoverageReport
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** Conditions as hit counts when a format only says `covered of total`. */
export function conditions(covered: number, total: number): number[] {
  const size = Math.max(total, covered)
  // Small lists element by element (two fill calls cost more than the list); an array made
  // at its size rather than grown by push, which would reserve 17 elements for 2.
  if (!(size <= 64 && size >>> 0 === size && covered >>> 0 === covered))
    return new Array<number>(size).fill(0).fill(1, 0, covered)
  const list = new Array<number>(size)
  for (let i = 0; i < size; i++) list[i] = i < covered ? 1 : 0
  return list
}

/** Digits from `from` up to a character that is none, as `Number()` reads them; end in `digitsEnd`. */
let digitsEnd = 0
function readDigits(text: string, from: number): number {
  let n = 0
  let i = from
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) break
    n = n * 10 + digit
  }
  digitsEnd = i
  // Past 15 digits the sum above may round differently from Number().
  return i - from > 15 ? Number(text.slice(from, i)) : n
}

/**
 * The branch conditions of a Cobertura `condition-coverage` value (`50% (1/2)`): the first
 * `(covered/total)` in it, as `/\((\d+)\/(\d+)\)/` finds it, without a regular expression
 * or substrings; undefined when it holds none.
 */
export function parseConditionCoverage(text: string): number[] | undefined {
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    const covered = readDigits(text, open + 1)
    const slash = digitsEnd
    if (slash === open + 1 || text.charCodeAt(slash) !== 47 /* / */) continue
    const total = readDigits(text, slash + 1)
    const close = digitsEnd
    if (close === slash + 1 || text.charCodeAt(close) !== 41 /* ) */) continue
    return conditions(covered, total)
  }
  return undefined
}

function setBranches(file: FileCoverage, line: number, list: number[]): void {
  const previous = file.branches.get(line)
  if (!previous || list.length > previous.length || covered(list) > covered(previous))
    file.branches.set(line, list)
}

function covered(list: readonly number[]): number {
  let n = 0
  for (const hits of list) if (hits > 0) n++
  return n
}

function finishReport(
  format: CoverageFormat,
  source: string,
  files: Map<string, FileCoverage>,
  result: XmlStreamResult,
  extra: { roots?: string[]; declared?: Partial<CoverageTotals>; warnings?: ReportWarning[] },
): CoverageReport {
  return {
    source,
    format,
    files,
    roots: extra.roots ?? [],
    declared: extra.declared,
    warnings: [
      ...result.warnings.map((w) => ({ file: w.file, line: w.line, column: w.column, message: w.message })),
      ...(extra.warnings ?? []),
    ],
  }
}

/**
 * Cobertura XML (coverage.py, istanbul, gcovr, scoverage, cobertura-maven…): `<class
 * filename>` lines with hits and `condition-coverage="50% (1/2)"`, methods as functions,
 * `<source>` roots for the paths. Line 0 (which some tools write) is not a source line.
 */
export function createCoberturaReader(source: string): XmlCoverageReader {
  const files = new Map<string, FileCoverage>()
  const roots: string[] = []
  const warnings: ReportWarning[] = []
  let declared: Partial<CoverageTotals> | undefined
  let current: FileCoverage | undefined
  let sourceText = ''
  const collectSource = (text: string) => {
    sourceText += text
  }
  let method:
    | { name: string; line: number; hits: number | undefined; lineRate: number; maxLineHits: number }
    | undefined
  let methodCount = 0
  let zeroLineWarned = false

  // Rare cases out of line: what is left of readLine is small enough for V8 to inline it.
  const warnLine = (tag: XmlOpenTag, message: string) => {
    warnings.push({ file: source, line: tag.line, column: tag.column, message })
  }
  const zeroLine = (tag: XmlOpenTag, file: FileCoverage) => {
    if (!zeroLineWarned) warnLine(tag, `line number 0 in ${file.path} is not a source line; ignored`)
    zeroLineWarned = true
  }
  // A method's lines repeat the class's (gcovr) or name its declaration line (istanbul),
  // which is not a statement: they only tell the function's hits.
  const methodLine = (line: number, hits: number) => {
    if (!method!.line) method!.line = line
    method!.maxLineHits = Math.max(method!.maxLineHits, hits)
  }
  /** A <line> of a class: nearly every element of a report. */
  const readLine = (tag: XmlOpenTag, file: FileCoverage) => {
    const line = tag.numberAttribute('number')
    const hits = tag.numberAttribute('hits')
    if (line === undefined || hits === undefined || !Number.isInteger(line) || line < 0)
      return warnLine(tag, `<line> without a valid number and hits in ${file.path}; ignored`)
    if (method) return methodLine(line, hits)
    if (line === 0) return zeroLine(tag, file)
    file.lines.raise(line, Math.max(0, hits))
    const conditionCoverage = tag.attribute('condition-coverage')
    if (conditionCoverage) {
      const list = parseConditionCoverage(conditionCoverage)
      if (list) setBranches(file, line, list)
    }
  }

  const openElement = (tag: XmlOpenTag) => {
    switch (tag.name) {
      case 'coverage': {
        const linesValid = tag.numberAttribute('lines-valid')
        const branchesValid = tag.numberAttribute('branches-valid')
        if (linesValid !== undefined || branchesValid !== undefined) {
          declared = {
            ...(linesValid !== undefined && {
              lines: { covered: tag.numberAttribute('lines-covered') ?? 0, total: linesValid },
            }),
            ...(branchesValid !== undefined && {
              branches: { covered: tag.numberAttribute('branches-covered') ?? 0, total: branchesValid },
            }),
          }
        }
        break
      }
      case 'source':
        // Text matters only here: the handler is attached just for <source>, so the
        // whitespace between millions of <line> elements is never handed over.
        sourceText = ''
        handlers.text = collectSource
        break
      case 'class': {
        const filename = tag.attribute('filename') ?? tag.attribute('name')
        current = filename ? fileEntry(files, filename) : undefined
        break
      }
      case 'method': {
        methodCount++
        const a = tag.attributes
        method = {
          name: `${a.name ?? `method ${methodCount}`}${a.signature && a.signature !== '()' ? a.signature : ''}`,
          line: 0,
          hits: num(a.hits),
          lineRate: num(a['line-rate']) ?? 0,
          maxLineHits: 0,
        }
        break
      }
    }
  }

  const handlers: XmlHandlers = {
    open(tag) {
      if (tag.name === 'line') {
        if (current) readLine(tag, current)
      } else openElement(tag)
    },
    close(name) {
      if (name === 'source') {
        handlers.text = undefined
        if (sourceText.trim()) roots.push(sourceText.trim())
      } else if (name === 'class') current = undefined
      else if (name === 'method' && method) {
        if (current) {
          const hits = method.hits ?? (method.maxLineHits || (method.lineRate > 0 ? 1 : 0))
          const key = `${method.line}:${method.name}`
          const previous = current.functions.get(key)
          if (previous) previous.hits = Math.max(previous.hits, hits)
          else current.functions.set(key, { name: method.name, line: method.line, hits })
        }
        method = undefined
      }
    },
  }
  return {
    handlers,
    finish: (result) => finishReport('cobertura', source, files, result, { roots, declared, warnings }),
  }
}

/**
 * Clover XML (PHPUnit, istanbul, gcovr, OpenClover): `<file>` with `<line type="stmt|cond|method">`.
 * Statement and condition lines are lines; condition lines carry branches as istanbul writes
 * them (truecount = covered paths, falsecount = the others); method lines are functions.
 */
export function createCloverReader(source: string): XmlCoverageReader {
  const files = new Map<string, FileCoverage>()
  const stack: string[] = []
  let declared: Partial<CoverageTotals> | undefined
  let current: FileCoverage | undefined
  const handlers: XmlHandlers = {
    open(tag) {
      const parent = stack.at(-1)
      stack.push(tag.name)
      if (tag.name === 'file') {
        const path = tag.attribute('path') ?? tag.attribute('name')
        current = path ? fileEntry(files, path) : undefined
      } else if (tag.name === 'line' && current) {
        const line = tag.numberAttribute('num')
        const count = tag.numberAttribute('count') ?? 0
        if (line === undefined || line < 1) return
        const type = tag.attribute('type')
        if (type === 'method') {
          const name = tag.attribute('name') ?? `method@${line}`
          const key = `${line}:${name}`
          const previous = current.functions.get(key)
          if (previous) previous.hits = Math.max(previous.hits, count)
          else current.functions.set(key, { name, line, hits: count })
          return
        }
        current.lines.raise(line, Math.max(0, count))
        if (type === 'cond') {
          const trueCount = tag.numberAttribute('truecount') ?? 0
          const falseCount = tag.numberAttribute('falsecount') ?? 0
          setBranches(current, line, conditions(trueCount, trueCount + falseCount))
        }
      } else if (
        tag.name === 'metrics' &&
        parent === 'file' &&
        current &&
        tag.attribute('methods') !== undefined
      ) {
        // istanbul writes no method lines, only the file's method counts
        const a = tag.attributes
        current.summary = { functions: { covered: num(a.coveredmethods) ?? 0, total: num(a.methods) ?? 0 } }
      } else if (tag.name === 'metrics' && parent === 'project') {
        const a = tag.attributes
        const counter = (coveredName: string, totalName: string): Counter => ({
          covered: num(a[coveredName]) ?? 0,
          total: num(a[totalName]) ?? 0,
        })
        declared = {
          lines: counter('coveredstatements', 'statements'),
          branches: counter('coveredconditionals', 'conditionals'),
          functions: counter('coveredmethods', 'methods'),
        }
      }
    },
    close(name) {
      stack.pop()
      if (name === 'file') current = undefined
    },
  }
  return { handlers, finish: (result) => finishReport('clover', source, files, result, { declared }) }
}

const JACOCO_METRICS = { LINE: 'lines', BRANCH: 'branches', METHOD: 'functions' } as const

/**
 * JaCoCo XML (also written by gcovr and kover): `<sourcefile>` lines with covered/missed
 * instructions (`ci`/`mi`) and branches (`cb`/`mb`), its LINE/BRANCH/METHOD counters as the
 * file's totals where line detail is absent, class methods as functions.
 */
export function createJacocoReader(source: string): XmlCoverageReader {
  const files = new Map<string, FileCoverage>()
  const stack: string[] = []
  let declared: Partial<Record<keyof CoverageTotals, Counter>> | undefined
  let packageName = ''
  let current: FileCoverage | undefined
  /** Functions of classes by source path; kept for source files the report lists. */
  const classFunctions = new Map<string, FunctionHits[]>()
  let classPath: string | undefined
  let method: { name: string; line: number; covered: number | undefined } | undefined
  const pathOf = (name: string) => (packageName ? `${packageName}/${name}` : name)

  const handlers: XmlHandlers = {
    open(tag) {
      const parent = stack.at(-1)
      stack.push(tag.name)
      switch (tag.name) {
        case 'package':
          packageName = tag.attribute('name') ?? ''
          break
        case 'sourcefile':
          current = fileEntry(files, pathOf(tag.attribute('name') ?? ''))
          break
        case 'class': {
          const sourceFile = tag.attribute('sourcefilename')
          classPath = sourceFile ? pathOf(sourceFile) : undefined
          break
        }
        case 'method': {
          const a = tag.attributes
          method = { name: `${a.name ?? '?'}${a.desc ?? ''}`, line: num(a.line) ?? 0, covered: undefined }
          break
        }
        case 'line': {
          if (!current) break
          const line = tag.numberAttribute('nr')
          if (line === undefined || line < 1) break
          const ci = tag.attribute('ci')
          if (ci !== undefined || tag.attribute('mi') !== undefined) current.lines.raise(line, num(ci) ?? 0)
          const cb = tag.numberAttribute('cb') ?? 0
          const mb = tag.numberAttribute('mb') ?? 0
          if (cb + mb > 0) setBranches(current, line, conditions(cb, cb + mb))
          break
        }
        case 'counter': {
          const a = tag.attributes
          const metric = JACOCO_METRICS[a.type as keyof typeof JACOCO_METRICS]
          const counter = {
            covered: num(a.covered) ?? 0,
            total: (num(a.covered) ?? 0) + (num(a.missed) ?? 0),
          }
          if (parent === 'method' && method && a.type === 'METHOD') method.covered = counter.covered
          if (!metric) break
          if (parent === 'sourcefile' && current) current.summary = { ...current.summary, [metric]: counter }
          else if (parent === 'report') declared = { ...declared, [metric]: counter }
          break
        }
      }
    },
    close(name) {
      stack.pop()
      if (name === 'sourcefile') current = undefined
      else if (name === 'class') classPath = undefined
      else if (name === 'method' && method) {
        if (classPath && method.covered !== undefined) {
          const list = classFunctions.get(classPath) ?? []
          list.push({ name: method.name, line: method.line, hits: method.covered })
          classFunctions.set(classPath, list)
        }
        method = undefined
      }
    },
  }
  const finish = (result: XmlStreamResult) => {
    for (const [path, functions] of classFunctions) {
      const file = files.get(path)
      if (!file) continue
      for (const fn of functions) file.functions.set(`${fn.line}:${fn.name}`, fn)
    }
    // JaCoCo leaves out a counter whose total is zero.
    const zero = { covered: 0, total: 0 }
    const stated = declared && { lines: zero, branches: zero, functions: zero, ...declared }
    return finishReport('jacoco', source, files, result, { declared: stated })
  }
  return { handlers, finish }
}
