import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../harness/paths'

/** A fresh copy of test/fixtures/sample-app, with optional edits (file → [search, replacement]). */
export function copySampleApp(edits: Readonly<Record<string, readonly [string, string]>> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'pk-pipeline-sample-')), 'sample-app')
  cpSync(join(repoRoot, 'test', 'fixtures', 'sample-app'), dir, {
    recursive: true,
    filter: (from) => !/\/(node_modules|coverage|reports)$/.test(from),
  })
  for (const [file, [search, replacement]] of Object.entries(edits)) {
    const path = join(dir, file)
    const text = readFileSync(path, 'utf8')
    if (!text.includes(search)) throw new Error(`sample edit: ${file} does not contain ${search}`)
    writeFileSync(path, text.replace(search, replacement))
  }
  return dir
}

/** Appended to src/app.js: code no test calls, which drags line coverage under 80%. */
export const uncoveredCode = `
export function unusedReport(items) {
  const lines = []
  for (const item of items) {
    if (item.kind === 'a') lines.push('alpha ' + item.name)
    else if (item.kind === 'b') lines.push('beta ' + item.name)
    else if (item.kind === 'c') lines.push('gamma ' + item.name)
    else if (item.kind === 'd') lines.push('delta ' + item.name)
    else lines.push('other ' + item.name)
  }
  const counts = {}
  for (const line of lines) {
    const key = line.split(' ')[0]
    counts[key] = (counts[key] || 0) + 1
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  if (total === 0) return 'empty'
  if (total > 100) return 'large'
  const keys = Object.keys(counts).sort()
  const parts = keys.map((k) => k + '=' + counts[k])
  return parts.join(', ')
}
`

/** Makes the sample copy a git repository with a base commit and a pull-request commit; returns both SHAs. */
export function commitPullRequest(dir: string): { base: string; head: string } {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Pipeline Kit', '-c', 'user.email=pk@example.test', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim()
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-qm', 'base')
  const base = git('rev-parse', 'HEAD')
  git('checkout', '-qb', 'feature')
  writeFileSync(
    join(dir, 'README.md'),
    `${readFileSync(join(dir, 'README.md'), 'utf8')}\nA review environment per pull request.\n`,
  )
  git('commit', '-qam', 'docs: review environments')
  return { base, head: git('rev-parse', 'HEAD') }
}

/** A pull_request event payload for the sample copy. */
export function pullRequestEvent(
  action: 'opened' | 'closed',
  number: number,
  repository: string,
  shas: { base: string; head: string },
): { name: string; payload: Record<string, unknown> } {
  const repo = {
    full_name: repository,
    name: repository.split('/')[1],
    default_branch: 'main',
    owner: { login: repository.split('/')[0] },
  }
  return {
    name: 'pull_request',
    payload: {
      action,
      number,
      pull_request: {
        number,
        state: action === 'closed' ? 'closed' : 'open',
        head: { ref: 'feature', sha: shas.head, repo },
        base: { ref: 'main', sha: shas.base, repo },
      },
      repository: repo,
    },
  }
}
