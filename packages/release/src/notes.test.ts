import { describe, expect, it } from 'vitest'
import {
  findChangelogSection,
  followsConventionalCommits,
  listContributors,
  parseConventionalCommit,
  renderReleaseNotes,
  RELEASE_BODY_MAX_CHARS,
  type CommitInfo,
} from './notes'

let n = 0
const commit = (
  subject: string,
  author = 'Ada Lovelace',
  email = 'ada@example.com',
  body = '',
): CommitInfo => {
  n++
  return {
    sha: `${String(n).padStart(7, '0')}${'a'.repeat(33)}`,
    subject,
    body,
    authorName: author,
    authorEmail: email,
  }
}

describe('parseConventionalCommit', () => {
  it('reads type, scope, breaking marks and description', () => {
    expect(parseConventionalCommit('feat(lint): SARIF merge')).toEqual({
      type: 'feat',
      scope: 'lint',
      breaking: false,
      description: 'SARIF merge',
    })
    expect(parseConventionalCommit('fix!: drop node20')).toMatchObject({ type: 'fix', breaking: true })
    expect(
      parseConventionalCommit('refactor: inputs', 'Moves code.\n\nBREAKING CHANGE: input renamed'),
    ).toMatchObject({ breaking: true })
    for (const plain of ['Fix the build', 'feat:missing space', 'feat(): empty scope', 'WIP']) {
      expect(parseConventionalCommit(plain), plain).toBeUndefined()
    }
  })
})

describe('renderReleaseNotes', () => {
  it('groups Conventional Commits by type, breaking changes first, with contributors and compare link', () => {
    const commits = [
      commit('feat(coverage): patch coverage gate', 'Bob', '12345+bob-dev@users.noreply.github.com'),
      commit('fix: escape pipes in tables'),
      commit('feat!: node24 only', 'Carol', 'carol@example.com'),
      commit('Update README'),
      commit(
        'chore(deps): bump yaml',
        'dependabot[bot]',
        '49699333+dependabot[bot]@users.noreply.github.com',
      ),
    ].reverse()
    const notes = renderReleaseNotes({
      tag: 'v1.4.0',
      previousTag: 'v1.3.2',
      commits,
      repoUrl: 'https://github.com/octo/kit',
    })
    expect(notes).toBe(
      [
        '## ⚠ Breaking changes',
        '',
        `- node24 only ([0000003](https://github.com/octo/kit/commit/0000003${'a'.repeat(33)}))`,
        '',
        '## Features',
        '',
        `- **coverage:** patch coverage gate ([0000001](https://github.com/octo/kit/commit/0000001${'a'.repeat(33)}))`,
        '',
        '## Bug fixes',
        '',
        `- escape pipes in tables ([0000002](https://github.com/octo/kit/commit/0000002${'a'.repeat(33)}))`,
        '',
        '## Chores',
        '',
        `- **deps:** bump yaml ([0000005](https://github.com/octo/kit/commit/0000005${'a'.repeat(33)}))`,
        '',
        '## Other changes',
        '',
        `- Update README ([0000004](https://github.com/octo/kit/commit/0000004${'a'.repeat(33)}))`,
        '',
        '## Contributors',
        '',
        '@bob-dev, Ada Lovelace, Carol',
        '',
        '**Full changelog:** https://github.com/octo/kit/compare/v1.3.2...v1.4.0',
        '',
      ].join('\n'),
    )
  })

  it('lists commits plainly when most do not follow Conventional Commits', () => {
    const commits = [commit('Add retries'), commit('feat: x'), commit('Tidy up'), commit('Fix typo')]
    expect(followsConventionalCommits(commits)).toBe(false)
    const notes = renderReleaseNotes({ tag: 'v2.0.0', commits })
    expect(notes).toMatch(/^## Changes\n\n- Add retries \(\d{7}\)\n- feat: x \(\d{7}\)\n- Tidy up/)
    expect(notes).not.toContain('Full changelog')
    expect(notes).toContain('## Contributors\n\nAda Lovelace')
  })

  it('uses the changelog section instead of commits, and says when nothing changed', () => {
    const notes = renderReleaseNotes({
      tag: 'v1.1.0',
      previousTag: 'v1.0.0',
      commits: [commit('feat: a', 'Dan', 'dan@example.com')],
      changelogSection: '### Added\n\n- The thing.',
      repoUrl: 'https://github.com/o/r',
    })
    expect(notes).toBe(
      '### Added\n\n- The thing.\n\n## Contributors\n\nDan\n\n**Full changelog:** https://github.com/o/r/compare/v1.0.0...v1.1.0\n',
    )
    expect(renderReleaseNotes({ tag: 'v1.0.1', previousTag: 'v1.0.0', commits: [] })).toBe(
      'No changes since v1.0.0.\n',
    )
  })

  it('stays within the release body limit with a notice', () => {
    const commits = Array.from({ length: 3000 }, (_, i) =>
      commit(`feat: change number ${i} ${'x'.repeat(60)}`),
    )
    const notes = renderReleaseNotes({ tag: 'v9.0.0', commits })
    expect(notes.length).toBeLessThanOrEqual(RELEASE_BODY_MAX_CHARS)
    expect(notes).toContain('the release notes exceeded 120000 characters')
  })

  it('lists each contributor once, in order of first commit', () => {
    const commits = [commit('c', 'ada lovelace'), commit('b', 'Bob'), commit('a', 'Ada Lovelace')]
    expect(listContributors(commits)).toEqual(['Ada Lovelace', 'Bob'])
  })
})

describe('findChangelogSection', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- pending',
    '',
    '## [1.4.0] - 2026-11-20',
    '',
    '### Added',
    '',
    '- Release action.',
    '',
    '## v1.3.0',
    '',
    '- Older.',
    '## 1.2.0',
    '',
  ].join('\n')

  it('finds the section by any common heading style, up to the next heading', () => {
    expect(findChangelogSection(changelog, '1.4.0')).toBe('### Added\n\n- Release action.')
    expect(findChangelogSection(changelog, '1.3.0')).toBe('- Older.')
    expect(findChangelogSection(changelog, '1.2.0')).toBeUndefined()
    expect(findChangelogSection(changelog, '1.4.01')).toBeUndefined()
    expect(findChangelogSection(changelog, '1.4')).toBeUndefined()
  })
})
