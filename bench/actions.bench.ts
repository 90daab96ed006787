// Bundle size (index.js and its chunks) and cold start of every action: median time for
// `node dist/index.js` to finish a trivial run (no inputs: it loads, validates and exits),
// against a bare `node -e ''` on the same Node 24 in the same run. Targets: ≤ 1.5 MB,
// ≤ 1.5× bare node. A second baseline is the floor any action has: a bundle of nothing but
// @actions/core reading an input and failing, built here with the same ncc.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { listActionDirs } from '../scripts/list-actions'
import { measureProcess, median, node24, printTable, repoRoot } from './lib'

const RUNS = 15
const temp = mkdtempSync(join(tmpdir(), 'pk-bench-'))
const env: Record<string, string> = { GITHUB_EVENT_NAME: 'push', GITHUB_WORKSPACE: temp, RUNNER_TEMP: temp }
for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
  env[name] = join(temp, name)
  writeFileSync(env[name]!, '')
}

/** Median wall time of each command, run in interleaved rounds so load drift hits all alike. */
async function coldStarts(subjects: readonly string[][]): Promise<number[]> {
  const times = subjects.map((): number[] => [])
  for (let round = 0; round < RUNS; round++)
    for (const [i, args] of subjects.entries())
      times[i]!.push((await measureProcess(node24, args, { cwd: temp, env })).wallMs)
  return times.map(median)
}

/** ncc-bundles an entry that only imports @actions/core, resolved as action-runtime resolves it. */
function buildCoreOnlyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-core-'))
  symlinkSync(join(repoRoot, 'packages', 'action-runtime', 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
  writeFileSync(
    join(dir, 'main.js'),
    "import * as core from '@actions/core'\nif (!core.getInput('url')) core.setFailed(\"Input 'url' is required\")\n",
  )
  const ncc = join(repoRoot, 'node_modules', '.bin', 'ncc')
  const built = spawnSync(ncc, ['build', 'main.js', '-o', 'dist', '--minify', '--quiet'], { cwd: dir })
  if (built.status !== 0) throw new Error(`ncc failed for the @actions/core-only bundle: ${built.stderr}`)
  return join(dir, 'dist', 'index.js')
}

const coreOnly = buildCoreOnlyBundle()
const dirs = listActionDirs()
const bundles = dirs.map((dir) => join(dir, 'dist', 'index.js'))
await coldStarts([['-e', ''], [coreOnly], ...bundles.map((b) => [b])]) // warm the page cache
const [bare, floor, ...actionMs] = (await coldStarts([
  ['-e', ''],
  [coreOnly],
  ...bundles.map((b) => [b]),
])) as [number, number, ...number[]]
const rows: (string | number)[][] = [
  ['bare node -e ""', '–', bare.toFixed(1), '1.00×', '–', ''],
  [
    '@actions/core alone',
    (statSync(coreOnly).size / 1e6).toFixed(2),
    floor.toFixed(1),
    `${(floor / bare).toFixed(2)}×`,
    '1.00×',
    '',
  ],
]
let over = 0
for (const [i, dir] of dirs.entries()) {
  // index.js plus the chunks it loads on demand: all the JavaScript the action ships.
  const dist = join(dir, 'dist')
  const sizeMB =
    readdirSync(dist)
      .filter((name) => name.endsWith('.js'))
      .reduce((sum, name) => sum + statSync(join(dist, name)).size, 0) / 1e6
  const ms = actionMs[i]!
  const ratio = ms / bare
  const ok = sizeMB <= 1.5 && ratio <= 1.5
  if (!ok) over++
  rows.push([
    basename(dir),
    sizeMB.toFixed(2),
    ms.toFixed(1),
    `${ratio.toFixed(2)}×`,
    `${(ms / floor).toFixed(2)}×`,
    ok ? 'within target' : 'OVER TARGET',
  ])
}
printTable(
  `Action bundles on ${node24.split('/').slice(-4, -2).join('/')} (median of ${RUNS} runs)`,
  ['bundle', 'size MB', 'cold start ms', 'vs bare node', 'vs @actions/core alone', 'target ≤1.5 MB, ≤1.5×'],
  rows,
)
if (over) console.log(`\n${over} action(s) over target.`)
