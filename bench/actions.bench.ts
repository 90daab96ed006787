// Bundle size and cold start of every action: median time for `node dist/index.js` to
// finish a trivial run (no inputs: it loads, validates and exits), against a bare
// `node -e ''` on the same Node 24 in the same run. Targets: ≤ 1.5 MB, ≤ 1.5× bare node.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { listActionDirs } from '../scripts/list-actions'
import { measureProcess, median, node24, printTable } from './lib'

const RUNS = 15
const temp = mkdtempSync(join(tmpdir(), 'pk-bench-'))
const env: Record<string, string> = { GITHUB_EVENT_NAME: 'push', GITHUB_WORKSPACE: temp, RUNNER_TEMP: temp }
for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
  env[name] = join(temp, name)
  writeFileSync(env[name]!, '')
}

async function coldStart(args: string[]): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push((await measureProcess(node24, args, { cwd: temp, env })).wallMs)
  return median(times)
}

await coldStart(['-e', '']) // warm the page cache before measuring
const bare = await coldStart(['-e', ''])
const rows: (string | number)[][] = [['bare node -e ""', '–', bare.toFixed(1), '1.00×', '']]
let over = 0
for (const dir of listActionDirs()) {
  const bundle = join(dir, 'dist', 'index.js')
  const sizeMB = statSync(bundle).size / 1e6
  const ms = await coldStart([bundle])
  const ratio = ms / bare
  const ok = sizeMB <= 1.5 && ratio <= 1.5
  if (!ok) over++
  rows.push([
    basename(dir),
    sizeMB.toFixed(2),
    ms.toFixed(1),
    `${ratio.toFixed(2)}×`,
    ok ? 'within target' : 'OVER TARGET',
  ])
}
printTable(
  `Action bundles on ${node24.split('/').slice(-4, -2).join('/')} (median of ${RUNS} runs)`,
  ['bundle', 'size MB', 'cold start ms', 'vs bare node', 'target ≤1.5 MB, ≤1.5×'],
  rows,
)
if (over) console.log(`\n${over} action(s) over target.`)
