// The local runner's own overhead. Each figure is beside a baseline measured in the same run:
// - 30 trivial `run:` steps in one job (each writes a step output): runWorkflow's wall time
//   vs spawning the same 30 bash scripts directly (the floor any runner pays).
// - a 4-job workflow with needs and a 3-way matrix (12 steps) vs the same 12 bash spawns.
// - one toolkit action step (smoke-test against a local server, main + post) vs its bundle
//   through the test harness, which does the same file-command set-up.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runWorkflow } from '../packages/workflow-runner/src'
import { runActionWithPost } from '../test/harness'
import { median, node24, printTable, repoRoot } from './lib'

const ROUNDS = 5

function workflowFile(yaml: string): { file: string; source: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-pipeline-'))
  const source = join(dir, 'source')
  mkdirSync(source)
  const file = join(dir, 'workflow.yml')
  writeFileSync(file, yaml)
  return { file, source }
}

async function timeRuns(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  return median(times)
}

function bashSteps(count: number): number {
  const started = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-bash-'))
  for (let i = 0; i < count; i++) {
    const script = join(dir, `s${i}.sh`)
    writeFileSync(script, `echo "n=${i}" >> "${dir}/out"\n`)
    spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script])
  }
  return performance.now() - started
}

const steps = Array.from(
  { length: 30 },
  (_, i) => `      - id: s${i}\n        run: echo "n=${i}" >> "$GITHUB_OUTPUT"`,
).join('\n')
const linear = workflowFile(`on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`)
const graph = workflowFile(
  [
    'on: push',
    'jobs:',
    ...['a', 'b', 'c', 'd'].map((id, i) =>
      [
        `  ${id}:`,
        '    runs-on: ubuntu-latest',
        i > 0 ? `    needs: ${['a', 'b', 'c'][i - 1]}` : '',
        '    strategy:',
        '      matrix:',
        '        n: [1, 2, 3]',
        '    steps:',
        '      - run: echo "${{ matrix.n }}"',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    '',
  ].join('\n'),
)

const server = createServer((_req, res) => res.end('{"status":"ok"}'))
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`
const action = workflowFile(
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./actions/smoke-test\n        with:\n          urls: ${url}\n`,
)

const run = (w: { file: string; source: string }) =>
  runWorkflow({ workflow: w.file, toolkitRoot: repoRoot, source: w.source, nodeBinary: node24 })

const linearRunner = await timeRuns(ROUNDS, () => run(linear))
const linearBash = await timeRuns(ROUNDS, () => bashSteps(30))
const graphRunner = await timeRuns(ROUNDS, () => run(graph))
const graphBash = await timeRuns(ROUNDS, () => bashSteps(12))
const actionRunner = await timeRuns(ROUNDS, () => run(action))
const actionHarness = await timeRuns(ROUNDS, () =>
  runActionWithPost({ action: 'smoke-test', inputs: { urls: url } }),
)
server.close()

printTable(
  'Local workflow runner overhead',
  ['Case', 'Runner (median ms)', 'Baseline (median ms)', 'Baseline', 'Ratio', 'Overhead per step (ms)'],
  [
    [
      '30 run steps, 1 job',
      linearRunner.toFixed(0),
      linearBash.toFixed(0),
      '30 bash spawns',
      (linearRunner / linearBash).toFixed(2),
      ((linearRunner - linearBash) / 30).toFixed(1),
    ],
    [
      '4 jobs × 3 matrix, needs',
      graphRunner.toFixed(0),
      graphBash.toFixed(0),
      '12 bash spawns',
      (graphRunner / graphBash).toFixed(2),
      ((graphRunner - graphBash) / 12).toFixed(1),
    ],
    [
      'smoke-test action step (main + post)',
      actionRunner.toFixed(0),
      actionHarness.toFixed(0),
      'harness, main + post',
      (actionRunner / actionHarness).toFixed(2),
      (actionRunner - actionHarness).toFixed(0),
    ],
  ],
)
