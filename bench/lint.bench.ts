// The lint action's reading and normalising speed and memory, and its own overhead around
// a real linter run. Each figure is beside a baseline measured in the same run:
// - 100k ESLint JSON findings: parse + normalise + report (buildReport) vs a bare JSON.parse
//   of the same text; time and peak RSS, each in a fresh child process.
// - a 50 MB SARIF file: read + normalise + report vs a bare readFile + JSON.parse.
// - the action around flake8 on the Python fixture project: the bundle's wall time (Node 24,
//   as the runner starts it) minus flake8's own wall time on the same project. Target < 300 ms.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildReport, createPathNormaliser, parseEslintJson, parseSarif } from '../packages/lint/src'
import { runActionBundle } from '../test/harness'
import { makeWorkspace, tool, toolPath } from '../test/lint/helpers'
import { measureProcess, median, node24, printTable, repoRoot } from './lib'

const ESLINT_FINDINGS = 100_000
const SARIF_BYTES = 50 * 1024 * 1024
const ROUNDS = 3

/** ESLint JSON with `count` messages over files of 50 messages each. */
function eslintJson(count: number): string {
  const files = []
  for (let f = 0; f < count / 50; f++) {
    const messages = []
    for (let m = 0; m < 50; m++) {
      messages.push({
        ruleId: m % 3 ? 'no-unused-vars' : 'eqeqeq',
        severity: m % 4 ? 2 : 1,
        message: `'value${m}' is assigned a value but never used.`,
        line: m + 1,
        column: 7,
        nodeType: 'Identifier',
        messageId: 'unusedVar',
        endLine: m + 1,
        endColumn: 13,
        ...(m % 5 === 0 ? { fix: { range: [10, 20], text: '' } } : {}),
      })
    }
    files.push({
      filePath: `/repo/src/module${f}/file${f}.js`,
      messages,
      errorCount: 37,
      warningCount: 13,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    })
  }
  return JSON.stringify(files)
}

/** A SARIF log of about `bytes` bytes with results spread over rules and files. */
function sarifLog(bytes: number): string {
  const results: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const result = JSON.stringify({
      ruleId: `R${i % 40}`,
      ruleIndex: i % 40,
      level: ['error', 'warning', 'note'][i % 3],
      message: { text: `Finding ${i}: something in this function is suspicious and should be reviewed.` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/pkg${i % 500}/file${i % 3000}.ts`, uriBaseId: '%SRCROOT%' },
            region: { startLine: (i % 900) + 1, startColumn: 5, endLine: (i % 900) + 2, endColumn: 12 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${i.toString(16)}:1` },
    })
    results.push(result)
    size += result.length + 1
  }
  const rules = Array.from({ length: 40 }, (_, i) => ({ id: `R${i}`, helpUri: `https://example.com/R${i}` }))
  return `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"bench","rules":${JSON.stringify(rules)}}},"results":[${results.join(',')}]}]}`
}

/** Child mode: do one job on the file and print its timing and count. */
async function child(job: string, file: string): Promise<void> {
  const started = performance.now()
  const toPath = createPathNormaliser('/repo')
  let count = 0
  if (job === 'eslint') {
    const parsed = parseEslintJson(readFileSync(file, 'utf8'), { tool: 'eslint', toPath })
    count = buildReport([
      { tool: 'eslint', status: 'ok', command: 'eslint', durationMs: 0, diagnostics: parsed.diagnostics },
    ]).counts.total
  } else if (job === 'sarif') {
    const parsed = parseSarif(readFileSync(file, 'utf8'), { tool: 'sarif', toPath, toolFromReport: true })
    count = buildReport([
      { tool: 'sarif', status: 'ok', command: 'sarif', durationMs: 0, diagnostics: parsed.diagnostics },
    ]).counts.total
  } else {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown[] | { runs: { results: unknown[] }[] }
    count = Array.isArray(data) ? data.length : data.runs[0]!.results.length
  }
  // Peak RSS of this process (KiB on Linux): the parsed text, the objects and the report.
  console.log(
    JSON.stringify({ ms: performance.now() - started, count, rssMiB: process.resourceUsage().maxRSS / 1024 }),
  )
}

async function measureJob(job: string, file: string) {
  const runs = []
  for (let i = 0; i < ROUNDS; i++) {
    const m = await measureProcess(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join('bench', 'lint.bench.ts'), '--child', job, file],
      {
        cwd: repoRoot,
      },
    )
    if (m.exitCode !== 0) throw new Error(`${job} child failed: ${m.stderr}`)
    // The child reports its own peak RSS: tsx runs the script in a process of its own.
    const out = JSON.parse(m.stdout.trim().split('\n').at(-1)!) as {
      ms: number
      count: number
      rssMiB: number
    }
    runs.push({ ...out, rss: out.rssMiB })
  }
  return { ms: median(runs.map((r) => r.ms)), rss: median(runs.map((r) => r.rss)), count: runs[0]!.count }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-lint-bench-'))
  const eslintFile = join(dir, 'eslint.json')
  writeFileSync(eslintFile, eslintJson(ESLINT_FINDINGS))
  const sarifFile = join(dir, 'big.sarif')
  writeFileSync(sarifFile, sarifLog(SARIF_BYTES))
  const mib = (file: string) => (readFileSync(file).length / 1024 / 1024).toFixed(1)

  const eslint = await measureJob('eslint', eslintFile)
  const eslintBase = await measureJob('json', eslintFile)
  const sarif = await measureJob('sarif', sarifFile)
  const sarifBase = await measureJob('json', sarifFile)
  printTable(
    `Normalising (median of ${ROUNDS}, each in a fresh process; baseline: readFile + JSON.parse)`,
    ['Input', 'Findings', 'Time', 'Baseline time', 'Ratio', 'Peak RSS', 'Baseline peak RSS', 'Ratio'],
    [
      [
        `ESLint JSON ${mib(eslintFile)} MiB`,
        eslint.count,
        `${eslint.ms.toFixed(0)} ms`,
        `${eslintBase.ms.toFixed(0)} ms`,
        (eslint.ms / eslintBase.ms).toFixed(2),
        `${eslint.rss.toFixed(0)} MiB`,
        `${eslintBase.rss.toFixed(0)} MiB`,
        (eslint.rss / eslintBase.rss).toFixed(2),
      ],
      [
        `SARIF ${mib(sarifFile)} MiB`,
        sarif.count,
        `${sarif.ms.toFixed(0)} ms`,
        `${sarifBase.ms.toFixed(0)} ms`,
        (sarif.ms / sarifBase.ms).toFixed(2),
        `${sarif.rss.toFixed(0)} MiB`,
        `${sarifBase.rss.toFixed(0)} MiB`,
        (sarif.rss / sarifBase.rss).toFixed(2),
      ],
    ],
  )
  if (eslint.count !== ESLINT_FINDINGS)
    throw new Error(`expected ${ESLINT_FINDINGS} findings, got ${eslint.count}`)

  // The action's own overhead around flake8 on the Python fixture project. The machine is
  // shared, so wall times are noisy: the minimum of several rounds is reported beside the
  // median, and CPU time (user + sys, GNU time; the action's includes flake8's) as the
  // figure that load does not move.
  const workspace = makeWorkspace('python-app')
  const actionTimes: number[] = []
  const toolTimes: number[] = []
  const rounds = ROUNDS + 4
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    const own = tool(workspace, 'flake8', ['--format=default', '.'])
    toolTimes.push(performance.now() - started)
    if (own.code !== 1) throw new Error(`flake8 exited ${own.code}`)
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      env: { PATH: toolPath },
      inputs: { linters: 'flake8' },
    })
    if (!run.outputs.report) throw new Error(`the action wrote no report: ${run.stderr}`)
    actionTimes.push(run.durationMs)
  }
  const rows: (string | number)[][] = []
  const row = (what: string, action: number, flake8: number) => {
    const overhead = action - flake8
    rows.push([
      what,
      `${action.toFixed(0)} ms`,
      `${flake8.toFixed(0)} ms`,
      `${overhead.toFixed(0)} ms`,
      (action / flake8).toFixed(2),
      overhead < 300 ? 'yes' : 'NO',
    ])
  }
  row(`wall, min of ${rounds}`, Math.min(...actionTimes), Math.min(...toolTimes))
  row(`wall, median of ${rounds}`, median(actionTimes), median(toolTimes))
  const cpu = cpuTimes(workspace, rounds)
  if (cpu) row(`CPU (user+sys), median of ${rounds}`, cpu.action, cpu.flake8)
  printTable(
    'Action overhead around flake8 (target < 300 ms)',
    ['Measure', 'Action (Node 24 bundle)', 'flake8 alone (baseline)', 'Overhead', 'Ratio', 'Target met'],
    rows,
  )
}

/** CPU seconds of the bundle running flake8 and of flake8 alone, via GNU time; undefined without it. */
function cpuTimes(workspace: string, rounds: number): { action: number; flake8: number } | undefined {
  if (!existsSync('/usr/bin/time')) return undefined
  const temp = mkdtempSync(join(tmpdir(), 'pk-lint-bench-run-'))
  const env = {
    ...process.env,
    PATH: toolPath,
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    INPUT_LINTERS: 'flake8',
  }
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  const measure = (command: string, args: string[]) => {
    const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', command, ...args], {
      cwd: workspace,
      env,
      encoding: 'utf8',
    })
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr)
    if (!m) throw new Error(`no timing from GNU time: ${r.stderr.slice(-500)}`)
    return (Number(m[1]) + Number(m[2])) * 1000
  }
  const action: number[] = []
  const flake8: number[] = []
  for (let i = 0; i < rounds; i++) {
    action.push(measure(node24, [join(repoRoot, 'actions/lint/dist/index.js')]))
    flake8.push(measure('flake8', ['--format=default', '.']))
  }
  return { action: median(action), flake8: median(flake8) }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!)
else await main()
