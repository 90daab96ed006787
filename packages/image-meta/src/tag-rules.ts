import { UserError } from '@pipeline-kit/common'

export const TAG_RULE_TYPES = ['semver', 'ref', 'sha', 'schedule', 'raw', 'edge'] as const
export type TagRuleType = (typeof TAG_RULE_TYPES)[number]

/** One line of the `tags` input, e.g. `type=semver,pattern={{major}}.{{minor}}`. */
export interface TagRule {
  readonly type: TagRuleType
  /** The line as written, for messages. */
  readonly text: string
  readonly event?: 'branch' | 'tag' | 'pr'
  readonly pattern?: string
  readonly value?: string
  /** undefined: the type's own default (`pr-`, `sha-`, none). */
  readonly prefix?: string
  readonly suffix?: string
  /** 'true', 'false' or an expression such as {{is_default_branch}}. */
  readonly enable: string
  /** Higher comes first; the first tag is the image version. */
  readonly priority: number
  readonly format?: 'short' | 'long'
  readonly branch?: string
}

/** How every tag is decorated and whether `latest` is added. */
export interface Flavor {
  readonly latest: 'auto' | 'true' | 'false'
  readonly prefix: string
  readonly suffix: string
  /** Apply prefix and suffix to `latest` too. */
  readonly onLatest: boolean
}

const DEFAULT_PRIORITY: Record<TagRuleType, number> = {
  schedule: 1000,
  semver: 900,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
}

const ATTRIBUTES: Record<TagRuleType, readonly string[]> = {
  semver: ['pattern', 'value'],
  ref: ['event'],
  sha: ['format'],
  schedule: ['pattern'],
  raw: ['value'],
  edge: ['branch'],
}
const COMMON_ATTRIBUTES = ['type', 'prefix', 'suffix', 'enable', 'priority']

/** The rules used when the `tags` input is empty. */
export const DEFAULT_TAG_RULES: readonly string[] = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
  // Dropped by computeImageTags when the git tag is a semantic version (the semver rules cover it).
  'type=ref,event=tag',
  'type=sha',
]

/** Splits `a=1,b={{x, y}}` on the commas outside {{ }}. */
function splitAttributes(line: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (let i = 0; i < line.length; i++) {
    if (line.startsWith('{{', i)) depth++
    if (line.startsWith('}}', i) && depth > 0) depth--
    const c = line[i]!
    if (c === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  return parts.map((p) => p.trim()).filter(Boolean)
}

/**
 * Parses the `tags` input. A line starting with `type=` is a rule with comma-separated
 * attributes; any other line is one or more explicit tags (comma-separated), each a
 * `type=raw` rule. Unknown types or attributes are a UserError naming the input.
 */
export function parseTagRules(lines: readonly string[], inputName = 'tags'): TagRule[] {
  const rules: TagRule[] = []
  for (const raw of lines) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    if (!/^type\s*=/.test(line)) {
      for (const value of splitAttributes(line)) {
        rules.push({ type: 'raw', text: value, value, enable: 'true', priority: DEFAULT_PRIORITY.raw })
      }
      continue
    }
    const attrs: Record<string, string> = {}
    for (const part of splitAttributes(line)) {
      const at = part.indexOf('=')
      if (at <= 0) throw bad(inputName, line, `'${part}' is not key=value`)
      attrs[part.slice(0, at).trim()] = part.slice(at + 1).trim()
    }
    const type = attrs.type as TagRuleType
    if (!TAG_RULE_TYPES.includes(type)) {
      throw bad(inputName, line, `unknown type '${attrs.type}', expected one of ${TAG_RULE_TYPES.join(', ')}`)
    }
    const allowed = [...COMMON_ATTRIBUTES, ...ATTRIBUTES[type]]
    for (const key of Object.keys(attrs)) {
      if (!allowed.includes(key)) {
        throw bad(
          inputName,
          line,
          `unknown attribute '${key}' for type=${type}, expected ${allowed.join(', ')}`,
        )
      }
    }
    const priority = attrs.priority === undefined ? DEFAULT_PRIORITY[type] : Number(attrs.priority)
    if (!Number.isInteger(priority)) throw bad(inputName, line, `priority must be a whole number`)
    if (type === 'ref' && !['branch', 'tag', 'pr'].includes(attrs.event ?? '')) {
      throw bad(inputName, line, 'type=ref needs event=branch, event=tag or event=pr')
    }
    if (type === 'semver' && !attrs.pattern) {
      throw bad(inputName, line, 'type=semver needs a pattern, e.g. pattern={{major}}.{{minor}}')
    }
    if (type === 'raw' && !attrs.value) throw bad(inputName, line, 'type=raw needs a value')
    if (attrs.format !== undefined && !['short', 'long'].includes(attrs.format)) {
      throw bad(inputName, line, 'format must be short or long')
    }
    rules.push({
      type,
      text: line,
      event: attrs.event as TagRule['event'],
      pattern: attrs.pattern,
      value: attrs.value,
      prefix: attrs.prefix,
      suffix: attrs.suffix,
      enable: attrs.enable ?? 'true',
      priority,
      format: attrs.format as TagRule['format'],
      branch: attrs.branch,
    })
  }
  return rules
}

/** Parses the `flavor` input: `latest=auto|true|false`, `prefix=`, `suffix=`, `onlatest=true|false`. */
export function parseFlavor(lines: readonly string[], inputName = 'flavor'): Flavor {
  const flavor = { latest: 'auto', prefix: '', suffix: '', onLatest: false } as {
    latest: Flavor['latest']
    prefix: string
    suffix: string
    onLatest: boolean
  }
  for (const line of lines) {
    for (const part of splitAttributes(line)) {
      const at = part.indexOf('=')
      const key = at > 0 ? part.slice(0, at).trim() : part
      const value = at > 0 ? part.slice(at + 1).trim() : ''
      if (key === 'latest') {
        if (!['auto', 'true', 'false'].includes(value))
          throw bad(inputName, part, 'latest must be auto, true or false')
        flavor.latest = value as Flavor['latest']
      } else if (key === 'prefix') flavor.prefix = value
      else if (key === 'suffix') flavor.suffix = value
      else if (key === 'onlatest') {
        if (!['true', 'false'].includes(value)) throw bad(inputName, part, 'onlatest must be true or false')
        flavor.onLatest = value === 'true'
      } else throw bad(inputName, part, `unknown key '${key}', expected latest, prefix, suffix or onlatest`)
    }
  }
  return flavor
}

function bad(inputName: string, text: string, why: string): UserError {
  return new UserError(`Input '${inputName}' has invalid entry '${text}': ${why}`)
}
