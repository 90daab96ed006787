import type { XmlHandlers, XmlStreamResult } from '@pipeline-kit/xml-stream'
import {
  fileEntry,
  type Counter,
  type CoverageFormat,
  type CoverageReport,
  type CoverageTotals,
  type FileCoverage,
  type FunctionHits,
  type LineHits,
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

/** Keeps the highest hit count: one report lists a line once per class and method. */
function setMax(lines: LineHits, line: number, hits: number): void {
  const previous = lines.get(line)
  if (previous === undefined || previous < hits) lines.set(line, hits)
}

/** Conditions as hit counts when a format only says `covered of total`. */
function conditions(covered: number, total: number): number[] {
  const list = new Array<number>(Math.max(total, covered)).fill(0)
  list.fill(1, 0, covered)
  return list
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

  const handlers: XmlHandlers = {
    open(tag) {
      const a = tag.attributes
      switch (tag.name) {
        case 'coverage': {
          const linesValid = num(a['lines-valid'])
          const branchesValid = num(a['branches-valid'])
          if (linesValid !== undefined || branchesValid !== undefined) {
            declared = {
              ...(linesValid !== undefined && {
                lines: { covered: num(a['lines-covered']) ?? 0, total: linesValid },
              }),
              ...(branchesValid !== undefined && {
                branches: { covered: num(a['branches-covered']) ?? 0, total: branchesValid },
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
          const filename = a.filename ?? a.name
          current = filename ? fileEntry(files, filename) : undefined
          break
        }
        case 'method':
          methodCount++
          method = {
            name: `${a.name ?? `method ${methodCount}`}${a.signature && a.signature !== '()' ? a.signature : ''}`,
            line: 0,
            hits: num(a.hits),
            lineRate: num(a['line-rate']) ?? 0,
            maxLineHits: 0,
          }
          break
        case 'line': {
          if (!current) break
          const line = num(a.number)
          const hits = num(a.hits)
          if (line === undefined || hits === undefined || !Number.isInteger(line) || line < 0) {
            warnings.push({
              file: source,
              line: tag.line,
              column: tag.column,
              message: `<line> without a valid number and hits in ${current.path}; ignored`,
            })
            break
          }
          if (method) {
            // A method's lines repeat the class's (gcovr) or name its declaration line
            // (istanbul), which is not a statement: they only tell the function's hits.
            if (!method.line) method.line = line
            method.maxLineHits = Math.max(method.maxLineHits, hits)
            break
          }
          if (line === 0) {
            if (!zeroLineWarned)
              warnings.push({
                file: source,
                line: tag.line,
                column: tag.column,
                message: `line number 0 in ${current.path} is not a source line; ignored`,
              })
            zeroLineWarned = true
            break
          }
          setMax(current.lines, line, Math.max(0, hits))
          const match = /\((\d+)\/(\d+)\)/.exec(a['condition-coverage'] ?? '')
          if (match) setBranches(current, line, conditions(Number(match[1]), Number(match[2])))
          break
        }
      }
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
      const a = tag.attributes
      if (tag.name === 'file') {
        const path = a.path ?? a.name
        current = path ? fileEntry(files, path) : undefined
      } else if (tag.name === 'line' && current) {
        const line = num(a.num)
        const count = num(a.count) ?? 0
        if (line === undefined || line < 1) return
        if (a.type === 'method') {
          const name = a.name ?? `method@${line}`
          const key = `${line}:${name}`
          const previous = current.functions.get(key)
          if (previous) previous.hits = Math.max(previous.hits, count)
          else current.functions.set(key, { name, line, hits: count })
          return
        }
        setMax(current.lines, line, Math.max(0, count))
        if (a.type === 'cond') {
          const trueCount = num(a.truecount) ?? 0
          const falseCount = num(a.falsecount) ?? 0
          setBranches(current, line, conditions(trueCount, trueCount + falseCount))
        }
      } else if (tag.name === 'metrics' && parent === 'file' && current && a.methods !== undefined) {
        // istanbul writes no method lines, only the file's method counts
        current.summary = { functions: { covered: num(a.coveredmethods) ?? 0, total: num(a.methods) ?? 0 } }
      } else if (tag.name === 'metrics' && parent === 'project') {
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
      const a = tag.attributes
      switch (tag.name) {
        case 'package':
          packageName = a.name ?? ''
          break
        case 'sourcefile':
          current = fileEntry(files, pathOf(a.name ?? ''))
          break
        case 'class':
          classPath = a.sourcefilename ? pathOf(a.sourcefilename) : undefined
          break
        case 'method':
          method = { name: `${a.name ?? '?'}${a.desc ?? ''}`, line: num(a.line) ?? 0, covered: undefined }
          break
        case 'line': {
          if (!current) break
          const line = num(a.nr)
          if (line === undefined || line < 1) break
          if (a.ci !== undefined || a.mi !== undefined) setMax(current.lines, line, num(a.ci) ?? 0)
          const cb = num(a.cb) ?? 0
          const mb = num(a.mb) ?? 0
          if (cb + mb > 0) setBranches(current, line, conditions(cb, cb + mb))
          break
        }
        case 'counter': {
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
