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
