// Bundle size (index.js and its chunks) and cold start of every action: median time for
// `node dist/index.js` to run as the runner starts a step with no `with:` (every input at its
// action.yml default, the runner's GITHUB_*/RUNNER_* variables, empty file-command files,
// through test/harness) until the process exits, against a bare `node -e ''` on the same
// Node 24 in the same interleaved rounds. The floor any action has is a bundle of nothing but
// @actions/core reading an input and failing, built here with the same ncc and run the same
// way. Targets: ≤ 1.5 MB, ≤ 1.25× the @actions/core-only bundle.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { listActionDirs } from '../scripts/list-actions'
import { removeHarnessFiles, runActionBundle } from '../test/harness'
import { measureProcess, median, node24, printTable, repoRoot } from './lib'

const RUNS = 21
const temp = mkdtempSync(join(tmpdir(), 'pk-bench-'))

/** Milliseconds from spawn to exit of one subject: bare node, or an action folder run as a step. */
async function coldStart(subject: string | undefined): Promise<number> {
  if (subject === undefined) return (await measureProcess(node24, ['-e', ''], { cwd: temp })).wallMs
  return (await runActionBundle({ action: subject })).durationMs
}

/** Median wall time of each subject, run in interleaved rounds so load drift hits all alike. */
async function coldStarts(subjects: readonly (string | undefined)[]): Promise<number[]> {
  const times = subjects.map((): number[] => [])
  for (let round = 0; round < RUNS; round++)
    for (const [i, subject] of subjects.entries()) times[i]!.push(await coldStart(subject))
  removeHarnessFiles()
  return times.map(median)
}

/**
 * ncc-bundles an entry that only imports @actions/core, resolved as action-runtime resolves
 * it, in an action folder whose one input is required and has no default.
 */
function buildCoreOnlyAction(): string {
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
  writeFileSync(
    join(dir, 'action.yml'),
    [
      'name: core-only',
      'description: A bundle of @actions/core alone',
      'inputs:',
      '  url:',
      '    description: Required, no default',
      '    required: true',
      'runs:',
      '  using: node24',
      '  main: dist/index.js',
      '',
    ].join('\n'),
  )
  return dir
}

const coreOnlyDir = buildCoreOnlyAction()
const coreOnly = join(coreOnlyDir, 'dist', 'index.js')
const dirs = listActionDirs()
const subjects = [undefined, coreOnlyDir, ...dirs]
await coldStarts(subjects) // warm the page cache
const [bare, floor, ...actionMs] = (await coldStarts(subjects)) as [number, number, ...number[]]
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
  const ratio = ms / floor
  const ok = sizeMB <= 1.5 && ratio <= 1.25
  if (!ok) over++
  rows.push([
    basename(dir),
    sizeMB.toFixed(2),
    ms.toFixed(1),
    `${(ms / bare).toFixed(2)}×`,
    `${ratio.toFixed(2)}×`,
    ok ? 'within target' : 'OVER TARGET',
  ])
}
printTable(
  `Action bundles on ${node24.split('/').slice(-4, -2).join('/')} (median of ${RUNS} runs)`,
  [
    'bundle',
    'size MB',
    'cold start ms',
    'vs bare node',
    'vs @actions/core alone',
    'target ≤1.5 MB, ≤1.25× core',
  ],
  rows,
)
if (over) console.log(`\n${over} action(s) over target.`)
