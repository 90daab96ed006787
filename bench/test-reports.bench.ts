// The test action end to end on JUnit reports of 10k and 100k test cases (5 % failing with
// 12-frame stack traces, sources present so every failure is located): wall time and peak
// RSS of `node dist/index.js` on the runner's Node 24, against two baselines measured in the
// same run — a bare `node -e ''` and a plain read of the same file (readFileSync + utf8
// decode). Target: 100k cases in < 3 s and < 200 MB peak RSS; the time target is checked on
// CPU time (user + system, via GNU time when present), as wall time on a shared machine
// includes waiting for the other jobs' processes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeJUnitReport } from '../test/test-action/generate-junit'
import { measureProcess, median, node24, printTable, repoRoot } from './lib'

const RUNS = 3
const SIZES = [10_000, 100_000]
const bundle = join(repoRoot, 'actions', 'test', 'dist', 'index.js')
const temp = mkdtempSync(join(tmpdir(), 'pk-bench-test-'))

function actionEnv(workspace: string, report: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    files[name] = join(temp, `${name}-${report}`)
    writeFileSync(files[name]!, '')
  }
  return {
    ...files,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_EVENT_NAME: 'push',
    INPUT_REPORTS: report,
    'INPUT_WORKING-DIRECTORY': '.',
    'INPUT_FAIL-ON': 'failures',
    'INPUT_MIN-TESTS': '1',
    'INPUT_GITHUB-TOKEN': '',
    'INPUT_CHECK-NAME': 'Test results',
    INPUT_COMMAND: '',
    INPUT_ENV: '',
    'INPUT_RESULTS-FILE': '',
  }
}

// GNU time, when present, adds the child's CPU time (user + system), which unlike wall time
// does not grow when other jobs share the two cores, and its peak RSS from the kernel.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

async function measure(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const runs = []
  for (let i = 0; i < RUNS; i++) {
    const run = gnuTime
      ? await measureProcess(gnuTime, ['-f', 'PKTIME %U %S %M', node24, ...args], options)
      : await measureProcess(node24, args, options)
    const timed = /PKTIME ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr)
    runs.push({
      ...run,
      cpuMs: timed ? (Number(timed[1]) + Number(timed[2])) * 1000 : NaN,
      peakRssMiB: timed ? Number(timed[3]) / 1024 : run.peakRssMiB,
    })
  }
  const failed = runs.find((r) => r.exitCode !== 0 && !options.env)
  if (failed) throw new Error(`baseline failed: ${failed.stderr}`)
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    last: runs[runs.length - 1]!,
  }
}

const cpu = (m: { cpuMs: number }) => (Number.isNaN(m.cpuMs) ? '–' : m.cpuMs.toFixed(0))

const rows: (string | number)[][] = []
let over = 0
const bare = await measure(['-e', ''])
rows.push([
  'bare node -e ""',
  '–',
  '–',
  bare.wallMs.toFixed(0),
  cpu(bare),
  bare.peakRssMiB.toFixed(0),
  '–',
  '',
])
for (const cases of SIZES) {
  const workspace = join(temp, `ws-${cases}`)
  mkdirSync(join(workspace, 'src'), { recursive: true })
  for (let s = 0; s < cases / 100; s++)
    writeFileSync(join(workspace, 'src', `suite-${s}.test.ts`), '// test\n'.repeat(220))
  const file = `junit-${cases}.xml`
  const generated = writeJUnitReport(join(workspace, file), { cases, failEvery: 20, traceLines: 12 })
  const sizeMB = (generated.bytes / 1e6).toFixed(1)
  const read = await measure([
    '-e',
    `require('fs').readFileSync(${JSON.stringify(join(workspace, file))}, 'utf8').length`,
  ])
  rows.push([
    `plain read (${cases / 1000}k)`,
    cases,
    sizeMB,
    read.wallMs.toFixed(0),
    cpu(read),
    read.peakRssMiB.toFixed(0),
    '1.00×',
    '',
  ])

  const env = actionEnv(workspace, file)
  const action = await measure([bundle], { cwd: workspace, env })
  const outputs = readFileSync(env.GITHUB_OUTPUT!, 'utf8')
  const total = /^total<<.*\n(\d+)/m.exec(outputs)?.[1] ?? /^total=(\d+)/m.exec(outputs)?.[1]
  const failed = /^failed<<.*\n(\d+)/m.exec(outputs)?.[1] ?? /^failed=(\d+)/m.exec(outputs)?.[1]
  if (Number(total) !== cases || Number(failed) !== generated.failed)
    throw new Error(
      `action reported total=${total} failed=${failed}, expected ${cases}/${generated.failed}: ${action.last.stdout.slice(-2000)}`,
    )
  // Time target on CPU time when known: wall time on a shared 2-core machine measures the neighbours.
  const ms = Number.isNaN(action.cpuMs) ? action.wallMs : action.cpuMs
  const ok = cases < 100_000 || (ms < 3000 && action.peakRssMiB < 200)
  if (!ok) over++
  rows.push([
    `action end to end (${cases / 1000}k, ${generated.failed} failing)`,
    cases,
    sizeMB,
    action.wallMs.toFixed(0),
    cpu(action),
    action.peakRssMiB.toFixed(0),
    `${(action.wallMs / read.wallMs).toFixed(2)}×`,
    cases < 100_000 ? '' : ok ? 'within target' : 'OVER TARGET',
  ])
}
rmSync(temp, { recursive: true, force: true })
console.log(
  `\nLoad average while measuring: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores.`,
)
printTable(
  `Test action on generated JUnit reports, ${node24.split('/').slice(-4, -2).join('/')} (median wall of ${RUNS} runs, max peak RSS)`,
  [
    'run',
    'cases',
    'file MB',
    'wall ms',
    'cpu ms',
    'peak RSS MiB',
    'wall vs plain read',
    'target 100k: < 3 s, < 200 MB',
  ],
  rows,
)
if (over) {
  console.log('\nOver target.')
  process.exitCode = 1
}
