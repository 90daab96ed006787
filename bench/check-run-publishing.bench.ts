// Publishing the test action's check run against the OpenAPI-validating GitHub fake, for a
// report of 100k cases with ~6k failures: every annotation (max-annotations set past the
// failure count, as the action did before the cap) against the default cap of 50, and a run
// with no token (no check run) as the baseline, all in the same run. Octokit's throttling
// spaces write requests a second apart, so the uncapped run is mostly waiting: one POST and
// a PATCH per further 50 annotations.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGitHubFake } from '../test/github-fake'
import { writeJUnitReport } from '../test/test-action/generate-junit'
import { measureProcess, node24, printTable, repoRoot } from './lib'

const CASES = 100_000
const FAIL_EVERY = 17 // 5,882 failures: the ~6k of the report that took two minutes
const TOKEN = 'ghs_bench'
const bundle = join(repoRoot, 'actions', 'test', 'dist', 'index.js')
const temp = mkdtempSync(join(tmpdir(), 'pk-bench-checkrun-'))
const workspace = join(temp, 'ws')
mkdirSync(join(workspace, 'src'), { recursive: true })
for (let s = 0; s < CASES / 100; s++)
  writeFileSync(join(workspace, 'src', `suite-${s}.test.ts`), '// test\n'.repeat(220))
const generated = writeJUnitReport(join(workspace, 'junit.xml'), { cases: CASES, failEvery: FAIL_EVERY })
const gh = await startGitHubFake({ token: TOKEN })

function actionEnv(name: string, inputs: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {}
  for (const file of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
    files[file] = join(temp, `${file}-${name}`)
    writeFileSync(files[file]!, '')
  }
  return {
    ...files,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_API_URL: gh.url,
    INPUT_REPORTS: 'junit.xml',
    'INPUT_FAIL-ON': 'nothing',
    'INPUT_MIN-TESTS': '1',
    'INPUT_CHECK-NAME': 'Test results',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  }
}

const runs: { name: string; inputs: Record<string, string> }[] = [
  { name: 'no token (no check run): baseline', inputs: { 'github-token': '' } },
  {
    name: `every annotation (max-annotations: ${CASES})`,
    inputs: { 'github-token': TOKEN, 'max-annotations': String(CASES) },
  },
  { name: 'default cap (max-annotations: 50)', inputs: { 'github-token': TOKEN } },
]
const measured: { name: string; wallMs: number; requests: number; sent: number }[] = []
for (const run of runs) {
  gh.reset()
  const env = actionEnv(String(measured.length), run.inputs)
  const result = await measureProcess(node24, [bundle], { cwd: workspace, env })
  const outputs = readFileSync(env.GITHUB_OUTPUT!, 'utf8')
  if (result.exitCode !== 0 || gh.violations.length || !/failed<<.*\n\d+/m.test(outputs))
    throw new Error(`${run.name} failed: ${gh.violations.join('; ')} ${result.stdout.slice(-2000)}`)
  const bodies = gh.requests.map((r) => r.body as { output?: { annotations?: unknown[] } })
  const sent = bodies.reduce((n, b) => n + (b.output?.annotations?.length ?? 0), 0)
  measured.push({ name: run.name, wallMs: result.wallMs, requests: gh.requests.length, sent })
}
await gh.close()
rmSync(temp, { recursive: true, force: true })

const baseline = measured[0]!.wallMs
const capped = measured[2]!.wallMs - baseline
console.log(
  `\nLoad average while measuring: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores.`,
)
printTable(
  `Check-run publishing, ${CASES / 1000}k cases / ${generated.failed} failures, against the GitHub fake (one run each)`,
  ['run', 'API requests', 'annotations sent', 'wall ms', 'publishing ms (over baseline)', 'vs capped'],
  measured.map((m, i) => [
    m.name,
    m.requests,
    m.sent,
    m.wallMs.toFixed(0),
    i === 0 ? '–' : (m.wallMs - baseline).toFixed(0),
    i === 0 ? '–' : `${((m.wallMs - baseline) / Math.max(capped, 1)).toFixed(1)}×`,
  ]),
)
