import { open, readFile } from 'node:fs/promises'
import { isBinaryContent, quoteExcerpt, UserError } from '@pipeline-kit/common'
import { streamXml, streamXmlString } from '@pipeline-kit/xml-stream'
import { parseIstanbulFinal, parseIstanbulSummary } from './istanbul'
import { describeJsonError } from './json-error'
import { parseLcov, readLcov } from './lcov'
import { COVERAGE_FORMATS, type CoverageFormat, type CoverageReport } from './model'
import {
  createCloverReader,
  createCoberturaReader,
  createJacocoReader,
  type XmlCoverageReader,
} from './xml-formats'

const HEAD_BYTES = 8192

/**
 * Tells the format from the first bytes of a report (never from its name): an XML root
 * `<coverage>` with `<project>` or a `clover` attribute is Clover, another `<coverage>` is
 * Cobertura, `<report>` is JaCoCo; JSON with a `total` entry is Istanbul's summary, JSON of
 * file entries with a `statementMap` is coverage-final; `TN:`/`SF:` lines are LCOV.
 * Returns 'empty' for a blank file and undefined when nothing fits.
 */
export function detectFormat(head: string): CoverageFormat | 'empty' | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart()
  if (text === '') return 'empty'
  if (text.startsWith('<')) {
    const body = text
      .replace(/<\?[\s\S]*?\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, '')
      .trimStart()
    const root = /^<([A-Za-z_][\w.:-]*)([^>]*)>?/.exec(body)
    if (!root) return undefined
    const [, name, attributes = ''] = root
    if (name === 'report') return 'jacoco'
    if (name === 'coverage') {
      if (/\bclover\s*=/.test(attributes) || /<project[\s>]/.test(body)) return 'clover'
      return 'cobertura'
    }
    return undefined
  }
  if (text.startsWith('{')) {
    if (/^\{\s*"total"\s*:/.test(text) || /"total"\s*:\s*\{\s*"lines"/.test(text)) return 'istanbul-summary'
    if (/"statementMap"\s*:/.test(text) || /^\{\s*"[^"]*"\s*:\s*\{\s*"(path|data)"\s*:/.test(text))
      return 'istanbul-final'
    return undefined
  }
  if (/^(TN|SF|DA|FN|BRDA|VER):/m.test(text.slice(0, 4096))) return 'lcov'
  return undefined
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`${file}: cannot read the report (${error.code ?? error.message})`)
  })
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** Names what the file starts with in a short escaped excerpt; binary content is never quoted. */
function unknownFormat(file: string, head: string): UserError {
  const text = head.replace(/^\uFEFF/, '').trimStart()
  const start = isBinaryContent(text) ? 'binary content' : `starts with ${quoteExcerpt(text)}`
  return new UserError(
    `${file}: unknown coverage format (${start}); expected one of ${COVERAGE_FORMATS.join(', ')}`,
    { file, line: 1 },
  )
}

function xmlReader(format: CoverageFormat, source: string): XmlCoverageReader | undefined {
  if (format === 'cobertura') return createCoberturaReader(source)
  if (format === 'clover') return createCloverReader(source)
  if (format === 'jacoco') return createJacocoReader(source)
  return undefined
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${describeJsonError(error)})`, { file })
  }
}

/**
 * Reads one coverage report of any supported format, detected by content. XML formats and
 * LCOV are streamed (memory holds what was read from them, not the file); recoverable
 * defects come back as warnings naming file:line:col. An empty file gives an empty report
 * with a warning; an unknown format is a UserError.
 */
export async function readCoverageReport(file: string): Promise<CoverageReport> {
  const head = await readHead(file)
  const format = detectFormat(head)
  if (format === undefined) throw unknownFormat(file, head)
  if (format === 'empty') return emptyReport(file)
  const reader = xmlReader(format, file)
  if (reader) return reader.finish(await streamXml(file, reader.handlers))
  if (format === 'lcov') return readLcov(file)
  const text = await readFile(file, 'utf8')
  return parseText(format, text, file)
}

/** readCoverageReport for content in memory; `name` stands for the file in messages. */
export function parseCoverageText(text: string, name: string): CoverageReport {
  const format = detectFormat(text.slice(0, HEAD_BYTES))
  if (format === undefined) throw unknownFormat(name, text.slice(0, HEAD_BYTES))
  if (format === 'empty') return emptyReport(name)
  const reader = xmlReader(format, name)
  if (reader) return reader.finish(streamXmlString(text, name, reader.handlers))
  return parseText(format, text, name)
}

function parseText(format: CoverageFormat, text: string, file: string): CoverageReport {
  if (format === 'lcov') return parseLcov(text, file)
  if (format === 'istanbul-summary') return parseIstanbulSummary(parseJson(text, file), file)
  return parseIstanbulFinal(parseJson(text, file), file)
}

function emptyReport(file: string): CoverageReport {
  return {
    source: file,
    format: 'empty',
    files: new Map(),
    roots: [],
    warnings: [{ file, message: 'the report is empty (no content)' }],
  }
}
