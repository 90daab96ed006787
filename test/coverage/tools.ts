import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { commandSucceeds, requireService } from '../services'
import { repoRoot } from '../harness'
import { runProcess } from '@pipeline-kit/action-runtime'

const testDir = join(repoRoot, 'test')
const bin = (name: string) => join(testDir, 'node_modules', '.bin', name)

/**
 * A scratch copy of a sample under test/.work (ignored by git), so the tools resolve their
 * packages from test/node_modules and nothing is written into the repository's samples.
 */
export function scratchCopy(sample: 'js' | 'python', into?: string): string {
  mkdirSync(join(testDir, '.work'), { recursive: true })
  const dir = into ?? mkdtempSync(join(testDir, '.work', 'pk-coverage-'))
  cpSync(join(testDir, 'coverage', 'samples', sample), dir, { recursive: true })
  return dir
}

export const removeScratch = (dir: string) => rmSync(dir, { recursive: true, force: true })

/** Percentages of the `All files` row vitest's text reporter printed. */
export interface PrintedPercents {
  readonly statements: number
  readonly branches: number
  readonly functions: number
  readonly lines: number
}

/** Runs the sample's tests under vitest with @vitest/coverage-v8; returns what it printed. */
export async function runVitestCoverage(dir: string): Promise<PrintedPercents> {
  const run = await runProcess(bin('vitest'), ['run', '--coverage'], {
    cwd: dir,
    env: { CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    timeoutMs: 120_000,
  })
  const row = /^All files\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)/m.exec(run.stdout)
  if (!row) throw new Error(`vitest printed no coverage table:\n${run.stdout}`)
  return {
    statements: Number(row[1]),
    branches: Number(row[2]),
    functions: Number(row[3]),
    lines: Number(row[4]),
  }
}

export interface PrintedCounts {
  readonly lines: { covered: number; total: number }
  readonly branches: { covered: number; total: number }
  readonly functions: { covered: number; total: number }
}

/** Runs run.js under c8 (lcov into coverage-c8/); returns the counts its text summary printed. */
export async function runC8(dir: string): Promise<PrintedCounts> {
  const run = await runProcess(
    bin('c8'),
    ['--reporter=lcov', '--reporter=text-summary', '--reports-dir=coverage-c8', 'node', 'run.js'],
    { cwd: dir, env: { NO_COLOR: '1' }, timeoutMs: 60_000 },
  )
  const count = (label: string) => {
    const match = new RegExp(`^${label}\\s*:\\s*[\\d.]+% \\( (\\d+)/(\\d+) \\)`, 'm').exec(run.stdout)
    if (!match) throw new Error(`c8 printed no ${label} line:\n${run.stdout}`)
    return { covered: Number(match[1]), total: Number(match[2]) }
  }
  return { lines: count('Lines'), branches: count('Branches'), functions: count('Functions') }
}

/** A Python whose coverage module works (the apt package installs it for /usr/bin/python3). */
export function findCoveragePython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((p) => commandSucceeds(p, ['-m', 'coverage', '--version']))
}

export const needCoveragePy = () =>
  requireService('coverage.py', () => findCoveragePython() !== undefined, 'apt-get install python3-coverage')

/**
 * Runs main.py under coverage.py with branch coverage, writes coverage.xml and coverage.lcov,
 * and returns the TOTAL row `coverage report` printed (statements, missed) and the branch
 * counts of its JSON report.
 */
export async function runCoveragePy(
  dir: string,
): Promise<{ lines: { covered: number; total: number }; branches: { covered: number; total: number } }> {
  const python = findCoveragePython()!
  const coverage = (args: string[]) =>
    runProcess(python, ['-m', 'coverage', ...args], { cwd: dir, timeoutMs: 60_000 })
  await coverage(['run', '--branch', '--source=.', 'main.py'])
  const report = await coverage(['report'])
  await coverage(['xml', '-o', 'coverage.xml'])
  await coverage(['lcov', '-o', 'coverage.lcov'])
  await coverage(['json', '-o', 'coverage.json'])
  const total = /^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(report.stdout)
  if (!total) throw new Error(`coverage report printed no TOTAL row:\n${report.stdout}`)
  const json = JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as {
    totals: { num_branches: number; covered_branches: number }
  }
  return {
    lines: { covered: Number(total[1]) - Number(total[2]), total: Number(total[1]) },
    branches: { covered: json.totals.covered_branches, total: json.totals.num_branches },
  }
}

/** git with a fixed identity, no user config, in dir. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const run = await runProcess('git', args, {
    cwd: dir,
    env: {
      GIT_AUTHOR_NAME: 'pk',
      GIT_AUTHOR_EMAIL: 'pk@example.com',
      GIT_COMMITTER_NAME: 'pk',
      GIT_COMMITTER_EMAIL: 'pk@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  })
  return run.stdout.trim()
}
