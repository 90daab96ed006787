import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  countLines,
  groupLines,
  isLineChanged,
  parseUnifiedDiff,
  readChangedLines,
  resolveDiffCommits,
} from './index'

describe('groupLines / isLineChanged', () => {
  it('groups unordered, duplicated lines into maximal ranges', () => {
    expect(groupLines([7, 1, 2, 3, 3, 9, 8, 20])).toEqual([
      { start: 1, end: 3 },
      { start: 7, end: 9 },
      { start: 20, end: 20 },
    ])
    expect(countLines(groupLines([7, 1, 2, 3, 3, 9, 8, 20]))).toBe(7)
  })

  it('finds lines inside and only inside the ranges', () => {
    const changes = new Map([['a.ts', groupLines([1, 2, 3, 10, 11, 40])]])
    expect([0, 1, 3, 4, 9, 10, 11, 12, 40, 41].map((l) => isLineChanged(changes, 'a.ts', l))).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      true,
      false,
    ])
    expect(isLineChanged(changes, 'b.ts', 1)).toBe(false)
  })
})

describe('parseUnifiedDiff', () => {
  it('reads new-side lines from zero-context and context hunks, skipping deletions', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3,0 +4,2 @@ function f() {',
      '+one',
      '+two',
      '@@ -10 +11,0 @@',
      '-gone',
      '@@ -20,3 +20,3 @@',
      ' ctx',
      '-old',
      '+new',
      ' ctx',
      '\\ No newline at end of file',
      'diff --git a/old.txt b/old.txt',
      'deleted file mode 100644',
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git "a/d\\303\\251j\\303\\240 vu.py" "b/d\\303\\251j\\303\\240 vu.py"',
      '--- "a/d\\303\\251j\\303\\240 vu.py"',
      '+++ "b/d\\303\\251j\\303\\240 vu.py"',
      '@@ -0,0 +1 @@',
      '+print()',
    ].join('\n')
    expect(Object.fromEntries(parseUnifiedDiff(diff))).toEqual({
      'src/a.ts': [
        { start: 4, end: 5 },
        { start: 21, end: 21 },
      ],
      'déjà vu.py': [{ start: 1, end: 1 }],
    })
  })

  it('gives nothing for an empty diff', () => {
    expect(parseUnifiedDiff('').size).toBe(0)
  })
})

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    },
  }).trim()
}

describe('readChangedLines on a real repository', () => {
  it('lists added and modified lines between base and head, renames under the new name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-changes-'))
    git(dir, 'init', '-q', '-b', 'main')
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'src/calc.ts'), 'a\nb\nc\nd\ne\n')
    writeFileSync(join(dir, 'moved.ts'), Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n')
    git(dir, 'add', '.')
    git(dir, 'commit', '-qm', 'base')
    const base = git(dir, 'rev-parse', 'HEAD')
    writeFileSync(join(dir, 'src/calc.ts'), 'a\nB\nc\nd\ne\nf\ng\n')
    git(dir, 'mv', 'moved.ts', 'src/renamed.ts')
    writeFileSync(join(dir, 'src/new file.ts'), 'x\ny\n')
    git(dir, 'add', '.')
    git(dir, 'commit', '-qm', 'head')
    const head = git(dir, 'rev-parse', 'HEAD')

    const changes = await readChangedLines({ cwd: dir, base, head })
    expect(Object.fromEntries(changes)).toEqual({
      'src/calc.ts': [
        { start: 2, end: 2 },
        { start: 6, end: 7 },
      ],
      'src/new file.ts': [{ start: 1, end: 2 }],
    })
  })

  it('explains fetch-depth when the base commit is not in the clone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-changes-'))
    git(dir, 'init', '-q')
    writeFileSync(join(dir, 'a'), 'a')
    git(dir, 'add', '.')
    git(dir, 'commit', '-qm', 'one')
    const head = git(dir, 'rev-parse', 'HEAD')
    const missing = 'deadbeef'.repeat(5)
    await expect(readChangedLines({ cwd: dir, base: missing, head })).rejects.toThrow(
      `The base commit ${missing} is not in the clone at ${dir}: the checkout is too shallow. Check out with full history (actions/checkout with fetch-depth: 0)`,
    )
  })

  it('refuses a commit argument that could be read as an option', async () => {
    await expect(readChangedLines({ cwd: tmpdir(), base: '--output', head: 'HEAD' })).rejects.toThrow(
      'The base commit "--output" is not a commit id or ref name',
    )
  })
})

describe('resolveDiffCommits', () => {
  const pr = { pull_request: { base: { sha: 'b'.repeat(40) }, head: { sha: 'h'.repeat(40) } } }
  it.each([
    [
      'pull_request',
      pr,
      'm'.repeat(40),
      { kind: 'pull_request', base: 'b'.repeat(40), head: 'm'.repeat(40) },
    ],
    [
      'pull_request_target',
      pr,
      'b'.repeat(40),
      { kind: 'pull_request', base: 'b'.repeat(40), head: 'h'.repeat(40) },
    ],
    [
      'push',
      { before: '1'.repeat(40), after: '2'.repeat(40) },
      '2'.repeat(40),
      { kind: 'push', base: '1'.repeat(40), head: '2'.repeat(40) },
    ],
    ['push', { before: '0'.repeat(40), after: '2'.repeat(40) }, '2'.repeat(40), undefined],
    ['schedule', {}, 'a'.repeat(40), undefined],
    ['pull_request', {}, 'a'.repeat(40), undefined],
  ])('%s → the commits to compare', (eventName, payload, sha, expected) => {
    expect(resolveDiffCommits({ eventName, payload, sha })).toEqual(expected)
  })
})
