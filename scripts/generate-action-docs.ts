// `pnpm run docs`: regenerates the inputs/outputs tables of every action README from its
// action.yml. `pnpm run docs --check` fails when a README is out of date (run in CI).
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { renderInputsTable, renderOutputsTable, replaceBetweenMarkers } from './action-docs'
import { listActionDirs } from './list-actions'

const check = process.argv.includes('--check')
const stale: string[] = []
for (const dir of listActionDirs()) {
  const readmePath = join(dir, 'README.md')
  const action = parse(readFileSync(join(dir, 'action.yml'), 'utf8'))
  let readme: string
  try {
    readme = readFileSync(readmePath, 'utf8')
  } catch {
    stale.push(`${basename(dir)}: README.md is missing`)
    continue
  }
  let next: string
  try {
    next = replaceBetweenMarkers(readme, 'inputs', renderInputsTable(action))
    next = replaceBetweenMarkers(next, 'outputs', renderOutputsTable(action))
  } catch (error) {
    stale.push(`${basename(dir)}: ${(error as Error).message}`)
    continue
  }
  if (next === readme) continue
  if (check) stale.push(`${basename(dir)}: README tables are out of date (run pnpm run docs)`)
  else {
    writeFileSync(readmePath, next)
    console.log(`updated ${readmePath}`)
  }
}
if (stale.length) {
  console.error(stale.join('\n'))
  process.exit(1)
}
