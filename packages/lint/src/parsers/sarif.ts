import { UserError } from '@pipeline-kit/common'
import type { Diagnostic, Severity } from '../model'
import { positive, type ParseContext, type ParseResult } from './context'

/* Only the parts of SARIF 2.1.0 this reader looks at. */
interface SarifMessage {
  text?: string
  markdown?: string
  id?: string
  arguments?: string[]
}
interface SarifRule {
  id?: string
  helpUri?: string
  defaultConfiguration?: { level?: string }
  messageStrings?: Record<string, { text?: string }>
}
interface SarifComponent {
  name?: string
  rules?: SarifRule[]
}
interface SarifArtifactLocation {
  uri?: string
  uriBaseId?: string
  index?: number
}
interface SarifResult {
  ruleId?: string
  ruleIndex?: number
  rule?: { id?: string; index?: number; toolComponent?: { index?: number } }
  kind?: string
  level?: string
  message?: SarifMessage
  locations?: {
    physicalLocation?: {
      artifactLocation?: SarifArtifactLocation
      region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number }
    }
  }[]
  fixes?: unknown[]
}
interface SarifRun {
  tool?: { driver?: SarifComponent; extensions?: SarifComponent[] }
  results?: SarifResult[] | null
  artifacts?: { location?: SarifArtifactLocation }[]
  originalUriBaseIds?: Record<string, { uri?: string; uriBaseId?: string }>
}

const LEVELS: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
  none: 'notice',
}

/**
 * Reads a SARIF 2.1.0 log (text or already parsed). Each result becomes one diagnostic of
 * context.tool, or with context.toolFromReport of the run's driver name. A result without `level` takes its
 * rule's default level, else `warning`, as SARIF specifies; results of kind `pass` or
 * `notApplicable` are not findings and are skipped. Message ids are resolved through the
 * rule's messageStrings with {n} arguments.
 */
export function parseSarif(
  input: string | unknown,
  context: ParseContext,
  source = 'SARIF log',
): ParseResult {
  let log: unknown = input
  if (typeof input === 'string') {
    if (input.trim() === '') throw new UserError(`${source} is empty: expected a SARIF 2.1.0 JSON log`)
    try {
      log = JSON.parse(input)
    } catch (error) {
      throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`)
    }
  }
  const runs = (log as { runs?: unknown } | null)?.runs
  if (!log || typeof log !== 'object' || !Array.isArray(runs)) {
    throw new UserError(`${source} is not a SARIF log: expected an object with a "runs" array`)
  }
  const version = (log as { version?: unknown }).version
  const warnings: string[] = []
  if (version !== '2.1.0')
    warnings.push(`${source}: SARIF version is ${JSON.stringify(version)}, read as 2.1.0`)
  const diagnostics: Diagnostic[] = []
  for (const run of runs as SarifRun[]) {
    const driver = run.tool?.driver ?? {}
    const tool = context.toolFromReport ? driver.name?.trim() || context.tool : context.tool
    const components = [driver, ...(run.tool?.extensions ?? [])]
    const byId = new Map<string, SarifRule>()
    for (const component of components)
      for (const rule of component.rules ?? []) if (rule.id) byId.set(rule.id, rule)
    for (const result of run.results ?? []) {
      if (result.kind && result.kind !== 'fail' && result.kind !== 'review' && result.kind !== 'open')
        continue
      const rule = findRule(result, components, byId)
      const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id
      const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning'
      const physical = result.locations?.[0]?.physicalLocation
      const uri = physical ? resolveUri(physical.artifactLocation, run) : undefined
      const region = physical?.region
      const line = positive(region?.startLine)
      diagnostics.push({
        tool,
        rule: ruleId,
        severity: LEVELS[level] ?? 'warning',
        file: uri ? context.toPath(uri) : undefined,
        line,
        column: line ? positive(region?.startColumn) : undefined,
        endLine: line ? positive(region?.endLine) : undefined,
        endColumn: line ? positive(region?.endColumn) : undefined,
        message: messageText(result.message, rule),
        fixable: Array.isArray(result.fixes) && result.fixes.length > 0,
        url: rule?.helpUri,
      })
    }
  }
  return { diagnostics, unparsedLines: 0, warnings }
}

function findRule(
  result: SarifResult,
  components: readonly SarifComponent[],
  byId: ReadonlyMap<string, SarifRule>,
): SarifRule | undefined {
  const index = result.ruleIndex ?? result.rule?.index
  const component = components[result.rule?.toolComponent?.index ?? 0]
  if (index !== undefined && index >= 0 && component?.rules?.[index]) return component.rules[index]
  const id = result.ruleId ?? result.rule?.id
  return id ? (byId.get(id) ?? byId.get(id.split('/')[0]!)) : undefined
}

function resolveUri(location: SarifArtifactLocation | undefined, run: SarifRun): string | undefined {
  if (!location) return undefined
  let uri = location.uri
  let baseId = location.uriBaseId
  if (uri === undefined && location.index !== undefined) {
    const artifact = run.artifacts?.[location.index]?.location
    uri = artifact?.uri
    baseId = baseId ?? artifact?.uriBaseId
  }
  if (!uri) return undefined
  // Resolve %SRCROOT%-style bases only when they are absolute file URIs; relative stays relative.
  for (let depth = 0; baseId && depth < 5 && !/^[a-z]+:/i.test(uri); depth++) {
    const base = run.originalUriBaseIds?.[baseId]
    if (!base?.uri) break
    uri = base.uri.replace(/\/?$/, '/') + uri
    baseId = base.uriBaseId
  }
  try {
    return /^file:/i.test(uri) ? uri : decodeURIComponent(uri)
  } catch {
    return uri
  }
}

function messageText(message: SarifMessage | undefined, rule: SarifRule | undefined): string {
  let text = message?.text ?? message?.markdown
  if (text === undefined && message?.id) text = rule?.messageStrings?.[message.id]?.text
  if (text === undefined) return ''
  const args = message?.arguments ?? []
  return text.replace(/\{(\d+)\}/g, (all, n: string) => args[Number(n)] ?? all)
}
