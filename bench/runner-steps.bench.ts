// The local runner's per-step overhead for each kind of step, and what parallel jobs save.
// Every figure is beside a baseline measured in the same run:
// - 20 `run:` steps vs spawning the same 20 bash scripts directly;
// - 20 steps of a local node action vs spawning node on its script 20 times;
// - 20 steps of a local composite action (one bash step inside) vs 20 bash spawns;
// - a workflow of 20 independent jobs (each a 200 ms step) with --jobs 1 vs --jobs 2.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runWorkflow } from '../packages/workflow-runner/src'
import { median, node24, printTable, repoRoot } from './lib'

const ROUNDS = 5
const STEPS = 20

const dir = mkdtempSync(join(tmpdir(), 'pk-bench-runner-'))
const source = join(dir, 'source')
mkdirSync(join(source, 'node-action'), { recursive: true })
mkdirSync(join(source, 'composite-action'), { recursive: true })
const nodeScript = `require('node:fs').appendFileSync(process.env.GITHUB_OUTPUT, 'n=' + process.env.INPUT_N + '\\n')\n`
writeFileSync(join(source, 'node-action', 'index.cjs'), nodeScript)
writeFileSync(
  join(source, 'node-action', 'action.yml'),
  "name: Node\ndescription: d\ninputs:\n  n: { description: n, default: '0' }\nruns:\n  using: node24\n  main: index.cjs\n",
)
writeFileSync(
  join(source, 'composite-action', 'action.yml'),
  [
    'name: Composite',
    'description: d',
    'inputs:',
    "  n: { description: n, default: '0' }",
    'runs:',
    '  using: composite',
    '  steps:',
    '    - run: echo "n=${{ inputs.n }}" >> "$GITHUB_OUTPUT"',
    '      shell: bash',
    '',
  ].join('\n'),
)

function workflow(name: string, yaml: string): string {
  const file = join(dir, `${name}.yml`)
  writeFileSync(file, yaml)
  return file
}
const steps = (make: (i: number) => string) => Array.from({ length: STEPS }, (_, i) => make(i)).join('\n')
const oneJob = (body: string) =>
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${body}\n`
const runSteps = workflow('run', oneJob(steps((i) => `      - run: echo "n=${i}" >> "$GITHUB_OUTPUT"`)))
const nodeSteps = workflow(
  'node',
  oneJob(steps((i) => `      - uses: ./node-action\n        with: { n: '${i}' }`)),
)
const compositeSteps = workflow(
  'composite',
  oneJob(steps((i) => `      - uses: ./composite-action\n        with: { n: '${i}' }`)),
)
const twentyJobs = workflow(
  'jobs',
  [
    'on: push',
    'jobs:',
    ...Array.from(
      { length: 20 },
      (_, i) => `  j${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sleep 0.2`,
    ),
    '',
  ].join('\n'),
)

async function timeRuns(fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  return median(times)
}

async function runOk(file: string, parallelJobs?: number): Promise<void> {
  const result = await runWorkflow({
    workflow: file,
    toolkitRoot: repoRoot,
    source,
    nodeBinary: node24,
    parallelJobs,
  })
  if (!result.success) throw new Error(`${file}: ${result.failure?.job} ${result.failure?.reason}`)
}

/** The same processes the steps start, spawned directly, each with a fresh output file. */
function spawnDirect(command: string, args: (i: number, out: string) => string[]): void {
  const work = mkdtempSync(join(dir, 'direct-'))
  for (let i = 0; i < STEPS; i++) {
    const out = join(work, `out-${i}`)
    writeFileSync(out, '')
    spawnSync(command, args(i, out), { env: { ...process.env, GITHUB_OUTPUT: out, INPUT_N: String(i) } })
  }
}
function bashDirect(): void {
  spawnDirect('bash', (i, out) => {
    const script = `${out}.sh`
    writeFileSync(script, `echo "n=${i}" >> "$GITHUB_OUTPUT"\n`)
    return ['--noprofile', '--norc', '-eo', 'pipefail', script]
  })
}
const nodeDirect = () => spawnDirect(node24, () => [join(source, 'node-action', 'index.cjs')])

// A checkout-only job, subtracted so the rows show the steps alone.
const setupOnly = workflow('setup', oneJob(''))
const setup = await timeRuns(() => runOk(setupOnly))
const rows: (string | number)[][] = []
for (const [name, file, baseline, label] of [
  ['run step', runSteps, bashDirect, `${STEPS} bash spawns`],
  ['node action step', nodeSteps, nodeDirect, `${STEPS} node spawns`],
  ['composite action step (1 bash step)', compositeSteps, bashDirect, `${STEPS} bash spawns`],
] as const) {
  const runner = (await timeRuns(() => runOk(file))) - setup
  const direct = await timeRuns(baseline)
  rows.push([
    name,
    runner.toFixed(0),
    direct.toFixed(0),
    label,
    (runner / direct).toFixed(2),
    ((runner - direct) / STEPS).toFixed(1),
  ])
}
printTable(
  `Runner overhead per step (${STEPS} steps in one job, job set-up of ${setup.toFixed(0)} ms subtracted)`,
  ['Step', 'Runner (median ms)', 'Direct (median ms)', 'Baseline', 'Ratio', 'Overhead per step (ms)'],
  rows,
)

const serial = await timeRuns(() => runOk(twentyJobs, 1))
const parallel = await timeRuns(() => runOk(twentyJobs, 2))
printTable(
  '20 independent jobs (one 200 ms step each)',
  ['--jobs 1 (median ms)', '--jobs 2 (median ms)', 'Speed-up'],
  [[serial.toFixed(0), parallel.toFixed(0), (serial / parallel).toFixed(2)]],
)
