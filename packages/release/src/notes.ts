import { truncateChars } from '@pipeline-kit/common'

/** One commit as release notes need it. */
export interface CommitInfo {
  readonly sha: string
  readonly subject: string
  readonly body: string
  readonly authorName: string
  readonly authorEmail: string
}

/** A commit message in Conventional Commits form: `type(scope)!: description`. */
export interface ConventionalCommit {
  readonly type: string
  readonly scope?: string
  readonly breaking: boolean
  readonly description: string
}

const HEADER = /^([a-zA-Z]+)(?:\(([^()\r\n]+)\))?(!)?: (\S.*)$/
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE: /m

/** Parses a Conventional Commits header (and a BREAKING CHANGE footer in the body); undefined otherwise. */
export function parseConventionalCommit(subject: string, body = ''): ConventionalCommit | undefined {
  const match = HEADER.exec(subject.trim())
  if (!match) return undefined
  return {
    type: match[1]!.toLowerCase(),
    scope: match[2]?.trim() || undefined,
    breaking: Boolean(match[3]) || BREAKING_FOOTER.test(body),
    description: match[4]!.trim(),
  }
}

/** Section titles by commit type, in the order they appear in the notes. */
const SECTIONS: readonly { title: string; types: readonly string[] }[] = [
  { title: 'Features', types: ['feat', 'feature'] },
  { title: 'Bug fixes', types: ['fix'] },
  { title: 'Performance', types: ['perf'] },
  { title: 'Reverts', types: ['revert'] },
  { title: 'Documentation', types: ['docs'] },
  { title: 'Refactoring', types: ['refactor'] },
  { title: 'Tests', types: ['test', 'tests'] },
  { title: 'Build and CI', types: ['build', 'ci'] },
  { title: 'Chores', types: ['chore', 'style'] },
]

/** GitHub's release body limit is 125,000 characters; stay clearly below it. */
export const RELEASE_BODY_MAX_CHARS = 120_000

export interface ReleaseNotesInput {
  readonly tag: string
  /** The release this one follows; undefined for the first release. */
  readonly previousTag?: string
  /** Commits since previousTag, newest first (as git log lists them). */
  readonly commits: readonly CommitInfo[]
  /** https://github.com/owner/repo, for commit and compare links. */
  readonly repoUrl?: string
  /** The CHANGELOG section of this version; used instead of the commit list when given. */
  readonly changelogSection?: string
}

/**
 * Release notes: the CHANGELOG section when given, else the commits grouped by
 * Conventional Commits type when most commits follow it, else a plain list; then the
 * contributors and a compare link. Cut to GitHub's release body limit with a notice.
 */
export function renderReleaseNotes(input: ReleaseNotesInput): string {
  const parts: string[] = []
  if (input.changelogSection) parts.push(input.changelogSection.trim())
  else if (input.commits.length === 0)
    parts.push(input.previousTag ? `No changes since ${input.previousTag}.` : 'No changes.')
  else if (followsConventionalCommits(input.commits)) parts.push(renderGrouped(input.commits, input.repoUrl))
  else
    parts.push(
      ['## Changes', '', ...input.commits.map((c) => `- ${c.subject.trim()}${ref(c, input.repoUrl)}`)].join(
        '\n',
      ),
    )
  const contributors = listContributors(input.commits)
  if (contributors.length) parts.push(`## Contributors\n\n${contributors.join(', ')}`)
  if (input.previousTag && input.repoUrl) {
    parts.push(`**Full changelog:** ${input.repoUrl}/compare/${input.previousTag}...${input.tag}`)
  }
  return truncateChars(parts.join('\n\n') + '\n', RELEASE_BODY_MAX_CHARS, 'the release notes')
}

/** True when at least half of the commits (and at least one) are Conventional Commits. */
export function followsConventionalCommits(commits: readonly CommitInfo[]): boolean {
  const conventional = commits.filter((c) => parseConventionalCommit(c.subject, c.body)).length
  return conventional > 0 && conventional * 2 >= commits.length
}

function renderGrouped(commits: readonly CommitInfo[], repoUrl: string | undefined): string {
  const breaking: string[] = []
  const bySection = new Map<string, string[]>()
  const other: string[] = []
  for (const commit of commits) {
    const cc = parseConventionalCommit(commit.subject, commit.body)
    if (!cc) {
      other.push(`- ${commit.subject.trim()}${ref(commit, repoUrl)}`)
      continue
    }
    const line = `- ${cc.scope ? `**${cc.scope}:** ` : ''}${cc.description}${ref(commit, repoUrl)}`
    if (cc.breaking) breaking.push(line)
    const section = SECTIONS.find((s) => s.types.includes(cc.type))
    if (!section) other.push(line)
    else if (!cc.breaking) bySection.set(section.title, [...(bySection.get(section.title) ?? []), line])
  }
  const blocks: string[] = []
  if (breaking.length) blocks.push(`## ⚠ Breaking changes\n\n${breaking.join('\n')}`)
  for (const section of SECTIONS) {
    const lines = bySection.get(section.title)
    if (lines?.length) blocks.push(`## ${section.title}\n\n${lines.join('\n')}`)
  }
  if (other.length) blocks.push(`## Other changes\n\n${other.join('\n')}`)
  return blocks.join('\n\n')
}

/**
 * Commit authors, once each, in order of first appearance: `@login` for GitHub noreply
 * addresses (`123+login@users.noreply.github.com`), else the author's name. Bots are left out.
 */
export function listContributors(commits: readonly CommitInfo[]): string[] {
  const seen = new Set<string>()
  const names: string[] = []
  for (const commit of [...commits].reverse()) {
    const login = /^(?:\d+\+)?([A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$/i.exec(
      commit.authorEmail,
    )?.[1]
    const name = login ? `@${login}` : commit.authorName.trim()
    if (!name || /\[bot\]$/.test(name)) continue
    const key = name.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    names.push(name)
  }
  return names
}

function ref(commit: CommitInfo, repoUrl: string | undefined): string {
  const short = commit.sha.slice(0, 7)
  return repoUrl ? ` ([${short}](${repoUrl}/commit/${commit.sha}))` : ` (${short})`
}

/**
 * The section of a Keep-a-Changelog style file for a version: the text under a level-2
 * heading `## [1.4.0]`, `## 1.4.0` or `## v1.4.0 - 2026-01-31`, up to the next level-1/2
 * heading. Undefined when there is no such heading or the section is empty.
 */
export function findChangelogSection(changelog: string, version: string): string | undefined {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(?=$|[\\s(-])`)
  const lines = changelog.split(/\r?\n/)
  const start = lines.findIndex((line) => heading.test(line))
  if (start < 0) return undefined
  let end = lines.length
  for (let i = start + 1; i < lines.length; i++) {
    if (/^#{1,2}\s/.test(lines[i]!)) {
      end = i
      break
    }
  }
  const section = lines
    .slice(start + 1, end)
    .join('\n')
    .trim()
  return section || undefined
}
