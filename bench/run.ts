// `pnpm bench`: runs every bench/*.bench.ts in turn (one at a time, so they do not
// compete for the two cores) and prints their tables.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './lib'

const only = process.argv.slice(2)
const files = readdirSync(join(repoRoot, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n## ${file}`)
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join('bench', file)], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    failed++
    console.log(`${file} failed with exit code ${result.status}`)
  }
}
process.exit(failed ? 1 : 0)
