import { UserError } from '@pipeline-kit/common'
import { isValidTag, sanitizeTag, TAG_RULE } from './docker-names'
import { expandExpressions } from './expressions'
import type { GitContext } from './git-context'
import { formatSemver, parseSemver, type SemVer } from './semver'
import type { Flavor, TagRule } from './tag-rules'

export interface TagComputationOptions {
  readonly rules: readonly TagRule[]
  readonly flavor: Flavor
  readonly now: Date
  /** The rules are the defaults (the `tags` input was empty). */
  readonly defaults?: boolean
  /** Input names for messages. */
  readonly tagsInput?: string
  readonly flavorInput?: string
}

/** A produced tag and the rule it came from. */
export interface ProducedTag {
  readonly tag: string
  readonly rule: string
}

export interface TagComputation {
  /** Unique tags, highest priority first, `latest` (when added) last. */
  readonly tags: readonly string[]
  readonly produced: readonly ProducedTag[]
  /** The first tag: the image version (label and output). */
  readonly version: string
  readonly latest: boolean
  /** The git tag (or semver value) is a semantic-version prerelease. */
  readonly prerelease: boolean
  /** Why some rules produced nothing or were narrowed (logged by the action). */
  readonly notes: readonly string[]
}

interface Candidate {
  readonly tag: string
  readonly rule: TagRule
  readonly priority: number
  readonly order: number
}

/**
 * Computes image tags from the git context, the tag rules and the flavor, the way
 * docker/metadata-action does: semver (1.2.3, 1.2, 1), branch, pr-N, sha-abc1234,
 * schedule, edge and explicit tags. A prerelease never moves `latest` or the short
 * semver tags: its short patterns collapse to the full version. Git names are sanitised
 * into valid tags; a tag made invalid by user text is a UserError naming the input.
 */
export function computeImageTags(context: GitContext, options: TagComputationOptions): TagComputation {
  const tagsInput = options.tagsInput ?? 'tags'
  const flavorInput = options.flavorInput ?? 'flavor'
  const { flavor, now } = options
  const notes: string[] = []
  const gitSemver = context.tag ? parseSemver(context.tag) : undefined
  let rules = options.rules
  if (options.defaults && gitSemver) rules = rules.filter((r) => !(r.type === 'ref' && r.event === 'tag'))

  const candidates: Candidate[] = []
  let prerelease = Boolean(gitSemver?.prerelease)
  let tagRuleProduced = false
  rules.forEach((rule, order) => {
    const source = { input: tagsInput, text: rule.text }
    const expand = (text: string, extra?: Record<string, string>) =>
      expandExpressions(text, context, now, { ...source, tagText: true }, extra)
    const expandValue = (text: string) => expandExpressions(text, context, now, source)
    const enable = expandValue(rule.enable)
    if (enable !== 'true' && enable !== 'false') {
      throw new UserError(
        `Input '${tagsInput}' entry '${rule.text}': enable must be true, false or an expression that gives one, got '${enable}'`,
      )
    }
    if (enable === 'false') return
    const cores = produceCores(rule, context, expand, expandValue, notes, (version) => {
      if (version.prerelease) prerelease = true
    })
    for (const core of cores) {
      const defaultPrefix =
        rule.type === 'sha' ? 'sha-' : rule.type === 'ref' && rule.event === 'pr' ? 'pr-' : ''
      const ruleTag =
        expand(rule.prefix ?? defaultPrefix) + core + (rule.suffix === undefined ? '' : expand(rule.suffix))
      if (!isValidTag(ruleTag)) {
        throw new UserError(
          `Input '${tagsInput}' entry '${rule.text}' produced the invalid tag '${ruleTag}': a tag is ${TAG_RULE}`,
        )
      }
      const tag = flavor.prefix + ruleTag + flavor.suffix
      if (!isValidTag(tag)) {
        throw new UserError(
          `Input '${flavorInput}' (prefix '${flavor.prefix}', suffix '${flavor.suffix}') turned '${ruleTag}' into the invalid tag '${tag}': a tag is ${TAG_RULE}`,
        )
      }
      if (rule.type === 'semver' || (rule.type === 'ref' && rule.event === 'tag')) tagRuleProduced = true
      candidates.push({ tag, rule, priority: rule.priority, order })
    }
  })

  candidates.sort((a, b) => b.priority - a.priority || a.order - b.order)
  const produced: ProducedTag[] = []
  for (const c of candidates) {
    if (!produced.some((p) => p.tag === c.tag)) produced.push({ tag: c.tag, rule: c.rule.text })
  }

  let latest = false
  if (flavor.latest === 'true') latest = !prerelease
  else if (flavor.latest === 'auto') latest = Boolean(context.tag) && tagRuleProduced && !prerelease
  if (prerelease && flavor.latest !== 'false') {
    notes.push(
      `${context.tag ?? 'the version'} is a prerelease: 'latest' and the short version tags are not moved`,
    )
  }
  const tags = produced.map((p) => p.tag)
  if (latest) {
    const latestTag = flavor.onLatest ? `${flavor.prefix}latest${flavor.suffix}` : 'latest'
    if (!isValidTag(latestTag)) {
      throw new UserError(
        `Input '${flavorInput}' makes the latest tag invalid: '${latestTag}' (a tag is ${TAG_RULE})`,
      )
    }
    if (!tags.includes(latestTag)) {
      tags.push(latestTag)
      produced.push({ tag: latestTag, rule: `flavor latest=${flavor.latest}` })
    }
  }
  return { tags, produced, version: tags[0] ?? '', latest, prerelease, notes }
}

function produceCores(
  rule: TagRule,
  context: GitContext,
  expand: (text: string, extra?: Record<string, string>) => string,
  expandValue: (text: string) => string,
  notes: string[],
  sawVersion: (version: SemVer) => void,
): string[] {
  switch (rule.type) {
    case 'raw':
      return [expand(rule.value!)]
    case 'sha':
      return context.sha ? [rule.format === 'long' ? context.sha : context.shortSha] : []
    case 'schedule':
      return context.eventName === 'schedule' ? [expand(rule.pattern ?? 'nightly')] : []
    case 'edge': {
      const branch = rule.branch ?? context.defaultBranch
      return !context.isPullRequest && context.branch && context.branch === branch ? ['edge'] : []
    }
    case 'ref':
      return refCore(rule, context, notes)
    case 'semver':
      return semverCore(rule, context, expand, expandValue, notes, sawVersion)
  }
}

function refCore(rule: TagRule, context: GitContext, notes: string[]): string[] {
  if (rule.event === 'pr') return context.isPullRequest && context.prNumber ? [String(context.prNumber)] : []
  const name = rule.event === 'branch' ? (context.isPullRequest ? undefined : context.branch) : context.tag
  if (!name) return []
  const tag = sanitizeTag(name)
  if (!tag) notes.push(`'${name}' has no characters a tag can hold: ${rule.text} produced nothing`)
  else if (tag !== name) notes.push(`'${name}' was sanitised to the tag '${tag}'`)
  return tag ? [tag] : []
}

function semverCore(
  rule: TagRule,
  context: GitContext,
  expand: (text: string, extra?: Record<string, string>) => string,
  expandValue: (text: string) => string,
  notes: string[],
  sawVersion: (version: SemVer) => void,
): string[] {
  const text = rule.value !== undefined ? expandValue(rule.value) : context.tag
  if (!text) return []
  const version = parseSemver(text)
  if (!version) {
    const note = `'${text}' is not a semantic version (vMAJOR.MINOR.PATCH): semver rules produced no tags`
    if (!notes.includes(note)) notes.push(note)
    return []
  }
  sawVersion(version)
  let pattern = rule.pattern!
  const full = /\{\{\s*(version|raw)\s*\}\}/.test(pattern)
  if (version.prerelease && !full) pattern = '{{version}}'
  else if (
    version.major === 0 &&
    /\{\{\s*major\s*\}\}/.test(pattern) &&
    !/\{\{\s*(minor|patch|version|raw)\s*\}\}/.test(pattern)
  ) {
    notes.push(`${rule.text} produced nothing: major version zero (${text}) gets no major-only tag`)
    return []
  }
  return [
    expand(pattern, {
      version: formatSemver(version),
      major: String(version.major),
      minor: String(version.minor),
      patch: String(version.patch),
      raw: version.raw,
    }),
  ]
}
