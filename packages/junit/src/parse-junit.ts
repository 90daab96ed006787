import { UserError } from '@pipeline-kit/common'
import {
  streamXml,
  streamXmlString,
  type XmlHandlers,
  type XmlOpenTag,
  type XmlStreamResult,
} from '@pipeline-kit/xml-stream'
import { BoundedText } from './bounded-text'
import {
  addListed,
  describeUnlisted,
  noListedCounts,
  reconcileDeclared,
  unlistedTestCases,
  type ListedCounts,
  type UnlistedGroup,
} from './declared-totals'
import { statusOf, TestAccumulator } from './merge'
import { suiteKeyPrefix, suitePath, type SuiteNode } from './suite-path'
import type { ElementCounts, JUnitReport, RunOutcome, TestCase, TestProblem, TestRun } from './model'

export interface ParseJUnitOptions {
  /** How the report is named in results and messages (e.g. relative to the workspace). */
  readonly displayName?: string
  /** Characters kept of each failure body (stack trace); default 64 Ki. */
  readonly maxDetailsChars?: number
  /** Characters kept of a failing test's system-out and system-err each; default 16 Ki. */
  readonly maxOutputChars?: number
  /**
   * Where the tests go (shared by several reports so reruns merge across them); the
   * report's own `tests` is then empty. Default: the report keeps its tests.
   */
  readonly accumulator?: TestAccumulator
}

const ROOTS = new Set(['testsuites', 'testsuite'])
/** Tests counted from declared totals per report at most: a larger claim is not believed. */
const MAX_UNLISTED = 100_000
const RERUNS = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError'])
const SKIP_STATUSES = new Set(['disabled', 'skipped', 'skip', 'notrun', 'not run', 'ignored', 'pending'])

/**
 * Parses a JUnit XML file of any common dialect as a stream (memory does not grow with the
 * file beyond the tests kept). A file that is not XML, truncated or not JUnit throws a
 * UserError naming file:line:col; recoverable defects become warnings.
 */
export async function parseJUnitFile(file: string, options: ParseJUnitOptions = {}): Promise<JUnitReport> {
  const collector = new JUnitCollector(options.displayName ?? file, options)
  return collector.finish(await streamXml(file, collector.handlers, { maxTextChars: 4 * 1024 * 1024 }))
}

/** parseJUnitFile over XML held in memory; `name` stands for the file. */
export function parseJUnitString(xml: string, name: string, options: ParseJUnitOptions = {}): JUnitReport {
  const collector = new JUnitCollector(options.displayName ?? name, options)
  return collector.finish(streamXmlString(xml, name, collector.handlers, { maxTextChars: 4 * 1024 * 1024 }))
}

/** An open `<testsuites>` or `<testsuite>`. */
interface SuiteFrame extends SuiteNode {
  readonly element: 'testsuites' | 'testsuite'
  readonly name: string
  /**
   * The innermost `<testsuite>` this frame is or is in (its tests' suite), and that one's
   * enclosing suite: paths are built from these pointers only for suites holding tests, so
   * memory stays linear in the nesting depth (copying the path at each level was quadratic).
   * (`suite` is set once, after the frame exists: a `<testsuite>` frame is its own.)
   */
  suite?: SuiteFrame
  readonly parentSuite?: SuiteFrame
  readonly file?: string
  readonly attributes: Readonly<Record<string, string>>
  readonly line: number
  readonly column: number
  /** Test case elements under it (and tests counted from declared totals of nested suites). */
  readonly listed: ListedCounts
  /** Where the groups of tests declared but not listed by elements under it start. */
  readonly unlistedFrom: number
}

interface ProblemBuilder {
  readonly kind: 'failure' | 'error'
  readonly rerun?: 'flaky' | 'rerun'
  readonly attributes: Readonly<Record<string, string>>
  readonly text: BoundedText
}

interface CaseBuilder {
  readonly attributes: Readonly<Record<string, string>>
  readonly line: number
  readonly column: number
  readonly problems: ProblemBuilder[]
  readonly reruns: ProblemBuilder[]
  skipped?: string
  skipText?: BoundedText
  systemOut?: BoundedText
  systemErr?: BoundedText
  properties?: Record<string, string>
  property?: { name: string; text: BoundedText }
}

class JUnitCollector {
  readonly handlers: XmlHandlers
  private readonly suites: SuiteFrame[] = []
  private readonly accumulator: TestAccumulator
  private readonly ownTests: boolean
  private readonly warnings: string[] = []
  private readonly elements: ElementCounts = {
    testcases: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    reruns: 0,
  }
  private readonly maxDetails: number
  private readonly maxOutput: number
  private depth = 0
  private suiteCount = 0
  private unlistedCount = 0
  /** Tests declared but not listed, by element, in the order the elements closed. */
  private readonly unlisted: UnlistedGroup<SuiteFrame>[] = []
  private current?: CaseBuilder
  private caseDepth = 0
  private text?: BoundedText
  private textDepth = 0
  private problem?: ProblemBuilder

  constructor(
    private readonly name: string,
    options: ParseJUnitOptions,
  ) {
    this.ownTests = !options.accumulator
    this.accumulator = options.accumulator ?? new TestAccumulator()
    this.maxDetails = options.maxDetailsChars ?? 64 * 1024
    this.maxOutput = options.maxOutputChars ?? 16 * 1024
    this.handlers = {
      open: (tag) => this.open(tag),
      close: (name) => this.close(name),
      text: (text) => {
        if (this.depth === this.textDepth) this.text?.append(text)
      },
    }
  }

  private open(tag: XmlOpenTag): void {
    this.depth++
    if (this.depth === 1 && !ROOTS.has(tag.name)) {
      throw new UserError(
        `${this.name}:${tag.line}:${tag.column}: the root element is <${tag.name}>, not JUnit XML (expected <testsuites> or <testsuite>)`,
        { file: this.name, line: tag.line, column: tag.column },
      )
    }
    const current = this.current
    if (current) return this.openInCase(current, tag)
    if (tag.name === 'testsuite' || tag.name === 'testsuites') {
      const parent = this.suites[this.suites.length - 1]
      const frame: SuiteFrame = {
        element: tag.name,
        name: flat(tag.attributes.name ?? ''),
        parentSuite: parent?.suite,
        file: tag.attributes.file ?? tag.attributes.filepath ?? parent?.file,
        attributes: tag.attributes,
        line: tag.line,
        column: tag.column,
        listed: noListedCounts(),
        unlistedFrom: this.unlisted.length,
      }
      frame.suite = tag.name === 'testsuite' ? frame : parent?.suite
      if (tag.name === 'testsuite') this.suiteCount++
      this.suites.push(frame)
    } else if (tag.name === 'testcase') {
      this.current = {
        attributes: tag.attributes,
        line: tag.line,
        column: tag.column,
        problems: [],
        reruns: [],
      }
      this.caseDepth = this.depth
    }
  }

  private openInCase(current: CaseBuilder, tag: XmlOpenTag): void {
    const { name, attributes } = tag
    const direct = this.depth === this.caseDepth + 1
    if (direct && (name === 'failure' || name === 'error')) {
      this.problem = { kind: name, attributes, text: new BoundedText(this.maxDetails) }
      current.problems.push(this.problem)
      this.target(this.problem.text)
    } else if (direct && RERUNS.has(name)) {
      this.elements.reruns++
      const kind = name.endsWith('Failure') ? 'failure' : 'error'
      this.problem = {
        kind,
        rerun: name.startsWith('flaky') ? 'flaky' : 'rerun',
        attributes,
        text: new BoundedText(this.maxDetails),
      }
      current.reruns.push(this.problem)
      this.target(this.problem.text)
    } else if (this.problem?.rerun && name === 'stackTrace') {
      this.target(this.problem.text)
    } else if (direct && name === 'skipped') {
      current.skipped = flat(attributes.message ?? '')
      current.skipText = new BoundedText(4096)
      this.target(current.skipText)
    } else if (direct && (name === 'system-out' || name === 'system-err')) {
      const text = new BoundedText(this.maxOutput)
      if (name === 'system-out') current.systemOut = text
      else current.systemErr = text
      this.target(text)
    } else if (name === 'property' && !this.problem) {
      const propertyName = attributes.name ?? ''
      current.properties ??= {}
      if (attributes.value !== undefined) current.properties[propertyName] = attributes.value
      else {
        current.property = { name: propertyName, text: new BoundedText(4096) }
        this.target(current.property.text)
      }
    }
  }

  private target(text: BoundedText): void {
    this.text = text
    this.textDepth = this.depth
  }

  private close(name: string): void {
    if (this.text && this.depth === this.textDepth) {
      this.text = undefined
      const property = this.current?.property
      if (property && name === 'property') {
        this.current!.properties![property.name] = property.text.toString()
        this.current!.property = undefined
      }
      // A rerun's stackTrace ends; the rerun element itself takes no more text.
    }
    if (this.current && this.depth === this.caseDepth + 1 && this.problem) this.problem = undefined
    if (this.current && this.depth === this.caseDepth) {
      this.finishCase(this.current)
      this.current = undefined
    } else if (!this.current && (name === 'testsuite' || name === 'testsuites')) {
      const suite = this.suites.pop()
      if (suite) this.finishSuite(suite)
    }
    this.depth--
  }

  private finishCase(builder: CaseBuilder): void {
    const attrs = builder.attributes
    const frame = this.suites[this.suites.length - 1]
    const suite = frame?.suite
    // Values are flattened: the XML reader builds them character by character.
    const file = flatOptional(attrs.file ?? attrs.filepath) ?? suite?.file
    const classname = flat(attrs.classname ?? attrs.class ?? '')
    const name = flat(attrs.name ?? '')
    const durationMs = parseSeconds(attrs.time) * 1000
    const problems = builder.problems.length ? builder.problems.map((p) => this.toProblem(p)) : NO_PROBLEMS
    const outcome = outcomeOf(problems, builder, attrs)
    this.elements.testcases++
    this.elements[outcome]++
    if (frame) {
      frame.listed.tests++
      if (outcome !== 'passed') frame.listed[outcome]++
    }
    const main = ownRun(outcome, durationMs, problems, builder)
    let runs: TestRun[] = [main]
    let durationTotal = durationMs
    if (builder.reruns.length) {
      const before: TestRun[] = []
      const after: TestRun[] = []
      for (const p of builder.reruns) {
        const run: TestRun = {
          outcome: p.kind === 'failure' ? 'failed' : 'errored',
          durationMs: parseSeconds(p.attributes.time) * 1000,
          problems: [this.toProblem(p)],
        }
        durationTotal += run.durationMs
        ;(p.rerun === 'flaky' ? before : after).push(run)
      }
      runs = [...before, main, ...after]
    }
    const test: TestCase = {
      key: `${suite ? suiteKeyPrefix(suite) : ''}\u001e${classname}\u001e${name}\u001e${file ?? ''}`,
      suite: suite ? suitePath(suite) : NO_SUITE,
      classname,
      name,
      file,
      line: parseLine(attrs.line),
      report: this.name,
      reportLine: builder.line,
      status: 'passed',
      durationMs: durationTotal,
      runs,
      properties: builder.properties,
    }
    if (outcome !== 'passed' || runs.length > 1) test.status = statusOf(test)
    if (test.status !== 'passed' && test.status !== 'skipped') {
      test.systemOut = builder.systemOut?.toString() || undefined
      test.systemErr = builder.systemErr?.toString() || undefined
    }
    this.accumulator.add(test)
  }

  private toProblem(p: ProblemBuilder): TestProblem {
    const details = p.text
      .toString()
      .replace(/^\s*\n/, '')
      .trimEnd()
    const message =
      bounded((p.attributes.message ?? '').trim(), this.maxDetails) ||
      firstLine(details) ||
      (p.kind === 'error' ? 'error' : 'failed')
    return {
      kind: p.kind,
      message,
      type: p.attributes.type ? flat(p.attributes.type) : undefined,
      details,
      file: p.attributes.file ? flat(p.attributes.file) : undefined,
      line: parseLine(p.attributes.line),
    }
  }

  /**
   * A suite (or the root `<testsuites>`) that declares more tests than it lists: the tests
   * not listed are counted from the declared totals (see declared-totals.ts), with a warning,
   * so a declared failure or a pending test left out of the listing is never lost. They are
   * added when the root closes, when every declaration that may classify them has been read.
   */
  private finishSuite(frame: SuiteFrame): void {
    const { added, refused } = reconcileDeclared(frame, frame.attributes, frame.listed, this.unlisted, {
      innerFrom: frame.unlistedFrom,
      room: MAX_UNLISTED - this.unlistedCount,
    })
    if (added) this.unlistedCount += added.declared - added.listed
    if (refused !== undefined)
      this.warnings.push(
        `${this.declaresTests(frame, refused, frame.listed.tests)}; more than ${MAX_UNLISTED} tests declared and not listed in one report are not believable, so its declared totals are ignored`,
      )
    const parent = this.suites[this.suites.length - 1]
    if (parent) addListed(parent.listed, frame.listed)
    else for (const group of this.unlisted) this.addUnlisted(group)
  }

  private declaresTests(frame: SuiteFrame, declared: number, listed: number): string {
    const what =
      frame.element === 'testsuite'
        ? `suite '${frame.name}'`
        : `<testsuites${frame.name ? ` name='${frame.name}'` : ''}>`
    return `${this.name}:${frame.line}:${frame.column}: ${what} declares ${declared} tests but lists ${listed || 'none'}`
  }

  private addUnlisted(group: UnlistedGroup<SuiteFrame>): void {
    const frame = group.source
    const missing = group.declared - group.listed
    this.warnings.push(
      `${this.declaresTests(frame, group.declared, group.listed)}; ${missing} not listed ${missing === 1 ? 'is' : 'are'} counted as ${describeUnlisted(group)} from the declared totals`,
    )
    const tests = unlistedTestCases(group, {
      by: frame.element === 'testsuite' ? `suite '${frame.name}'` : 'the root <testsuites>',
      suite: frame.suite ? suitePath(frame.suite) : NO_SUITE,
      file: frame.file,
      report: this.name,
      reportLine: frame.line,
    })
    for (const test of tests) this.accumulator.add(test)
  }

  finish(result: XmlStreamResult): JUnitReport {
    // The reader's warnings (a literal '<' in an attribute value among them) first, in file
    // order, naming the report as the collector's own warnings do (its display name).
    this.warnings.unshift(...result.warnings.map((w) => `${this.name}:${w.line}:${w.column}: ${w.message}`))
    return {
      file: this.name,
      rootName: result.rootName ?? '',
      suites: this.suiteCount,
      elements: this.elements,
      tests: this.ownTests ? this.accumulator.tests : [],
      warnings: this.warnings,
    }
  }
}

const failingOutcome = (o: RunOutcome) => o === 'failed' || o === 'errored'

/**
 * The case's own run (reruns aside). A case failed only by its status/result attribute
 * gets one problem saying so; a skipped one carries its skip message.
 */
function ownRun(
  outcome: RunOutcome,
  durationMs: number,
  problems: readonly TestProblem[],
  builder: CaseBuilder,
): TestRun {
  if (outcome === 'passed') return { outcome, durationMs, problems }
  return {
    outcome,
    durationMs,
    problems:
      problems.length || !failingOutcome(outcome) ? problems : [statusAttributeProblem(builder.attributes)],
    ...(outcome === 'skipped' ? { skipMessage: skipMessage(builder) } : {}),
  }
}

/** The problem of a case marked failed by its status/result attribute alone, without a failure element. */
function statusAttributeProblem(attrs: CaseBuilder['attributes']): TestProblem {
  return {
    kind: 'failure',
    message: `marked ${attrs.status ?? attrs.result} by its status attribute`,
    details: '',
  }
}
const NO_PROBLEMS: readonly TestProblem[] = Object.freeze([])
const NO_SUITE: readonly string[] = Object.freeze([])

/**
 * The string as one flat sequence: sax builds values by appending characters, and V8 keeps
 * such strings as chains of pieces (tens of bytes per character) until something flattens
 * them; converting to a number flattens in place (the flatstr idiom).
 */
function flat(text: string): string {
  Number(text)
  return text
}

/** The text, or its head and tail with a note of what was cut when longer than `limit`. */
function bounded(text: string, limit: number): string {
  if (text.length <= limit) return text
  const kept = new BoundedText(limit)
  kept.append(text)
  return kept.toString()
}

function flatOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : flat(text)
}

function outcomeOf(
  problems: readonly TestProblem[],
  builder: CaseBuilder,
  attrs: Readonly<Record<string, string>>,
): RunOutcome {
  if (problems.some((p) => p.kind === 'failure')) return 'failed'
  if (problems.length) return 'errored'
  if (builder.skipped !== undefined) return 'skipped'
  const status = (attrs.status ?? attrs.result ?? '').toLowerCase()
  if (SKIP_STATUSES.has(status)) return 'skipped'
  if (status === 'failed' || status === 'failure' || status === 'fail') return 'failed'
  if (status === 'error' || status === 'errored') return 'errored'
  return 'passed'
}

function skipMessage(builder: CaseBuilder): string {
  if (builder.skipped === undefined) return `marked ${builder.attributes.status ?? builder.attributes.result}`
  return builder.skipped || builder.skipText?.toString().trim() || ''
}

function firstLine(text: string): string {
  for (const line of text.split('\n', 50)) if (line.trim()) return line.trim()
  return ''
}

/** Seconds as written by any dialect ('1.5', '1,234.5', '0,25', garbage → 0) in seconds. */
export function parseSeconds(value: string | undefined): number {
  if (!value) return 0
  const plain = Number(value)
  if (plain >= 0 && plain < Infinity) return plain
  let text = value.trim()
  if (/^\d+,\d+$/.test(text)) text = text.replace(',', '.')
  else text = text.replace(/,/g, '')
  const seconds = Number(text)
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0
}

function parseLine(value: string | undefined): number | undefined {
  if (!value) return undefined
  const line = Number(value)
  return Number.isInteger(line) && line > 0 ? line : undefined
}
