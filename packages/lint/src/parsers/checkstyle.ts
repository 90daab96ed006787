import { UserError } from '@pipeline-kit/common'
import { streamXml, streamXmlString, type XmlHandlers, type XmlStreamResult } from '@pipeline-kit/xml-stream'
import type { Diagnostic } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'
import { severityFromWord } from './text'

/**
 * Handlers collecting checkstyle `<file name><error line column severity message source/>`
 * elements. Severity words are read case-insensitively (`failure`/`FAILURE` are errors,
 * `info`/`notice` notices; unknown words warnings); line 0 means the whole file.
 */
function checkstyleHandlers(context: ParseContext, diagnostics: Diagnostic[]): XmlHandlers {
  let file: string | undefined
  return {
    open(tag) {
      if (tag.name === 'file') file = tag.attributes.name ? context.toPath(tag.attributes.name) : undefined
      else if (tag.name === 'error') {
        const a = tag.attributes
        const line = positive(a.line)
        diagnostics.push({
          tool: context.tool,
          rule: a.source || undefined,
          severity: severityFromWord(a.severity) ?? 'warning',
          file,
          line,
          column: line ? positive(a.column) : undefined,
          message: a.message ?? '',
          fixable: false,
        })
      }
    },
    close(name) {
      if (name === 'file') file = undefined
    },
  }
}

function finish(result: XmlStreamResult, source: string, diagnostics: Diagnostic[]): ParseResult {
  if (result.rootName !== 'checkstyle') {
    throw new UserError(
      `${source}: not a checkstyle report (root element <${result.rootName}>, expected <checkstyle>)`,
    )
  }
  return {
    diagnostics,
    unparsedLines: 0,
    warnings: result.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message}`),
  }
}

/** Reads a checkstyle XML report from a file, streaming. Malformed XML is a UserError with file:line:col. */
export async function parseCheckstyleFile(path: string, context: ParseContext): Promise<ParseResult> {
  const diagnostics: Diagnostic[] = []
  const result = await streamXml(path, checkstyleHandlers(context, diagnostics))
  return finish(result, path, diagnostics)
}

/** Reads checkstyle XML a tool printed; `source` names it in errors. */
export function parseCheckstyle(
  xml: string,
  context: ParseContext,
  source = `${context.tool} output`,
): ParseResult {
  const diagnostics: Diagnostic[] = []
  const result = streamXmlString(xml, source, checkstyleHandlers(context, diagnostics))
  return finish(result, source, diagnostics)
}
