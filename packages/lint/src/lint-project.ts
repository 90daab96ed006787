import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@pipeline-kit/common'
import { detectLinters } from './detect'
import { captureTree, diffTrees } from './fix-patch'
import { LINTERS, type LinterDefinition } from './linters'
import type { ToolResult } from './model'
import type { LintReport } from './report'
import { runFixer, runLinter, type RunLinterDeps, defaultRunLinterDeps } from './run-linter'
import { ingestSarifFiles } from './sarif-ingest'
import { renderSarif } from './sarif-writer'

export interface LintPlan {
  /** The repository root (GITHUB_WORKSPACE). */
  readonly root: string
  /** Where linters run (working-directory). */
  readonly cwd: string
  /** Linter names; `auto` adds those detectLinters finds in cwd. */
  readonly linters: readonly string[]
  /** The `custom` linter, when one is configured. */
  readonly custom?: LinterDefinition
  readonly sarifPatterns: readonly string[]
  readonly fix: boolean
  readonly timeoutMs: number
}

export interface LintRun {
  readonly linters: readonly string[]
  readonly results: readonly ToolResult[]
  /** The patch of what the fixers changed (fix: true); '' when they changed nothing. */
  readonly patch?: string
  readonly fixed: readonly string[]
}

/** Expands `auto` into the detected linters (logging why each was picked), keeping order and uniqueness. */
export function resolveLinterNames(names: readonly string[], cwd: string, log: Logger): string[] {
  const out: string[] = []
  for (const name of names) {
    if (name !== 'auto') {
      if (!out.includes(name)) out.push(name)
      continue
    }
    const detected = detectLinters(cwd)
    if (detected.length === 0) log.warning(`linters: auto found no linter configuration in ${cwd}`)
    for (const d of detected) {
      log.info(`auto: ${d.name} (${d.reason})`)
      if (!out.includes(d.name)) out.push(d.name)
    }
  }
  return out
}

/**
 * Runs the plan: with fix, first every fixer that exists and the patch of what they
 * changed; then every linter in turn (one at a time: fixers and linters read the same
 * files, and runners have few cores), each in its own log group.
 */
export async function lintProject(
  plan: LintPlan,
  log: Logger,
  deps: RunLinterDeps = defaultRunLinterDeps,
): Promise<LintRun> {
  const names = resolveLinterNames(plan.linters, plan.cwd, log)
  const definition = (name: string) => (name === 'custom' ? plan.custom : LINTERS[name])
  const options = { root: plan.root, cwd: plan.cwd, timeoutMs: plan.timeoutMs, log }
  let patch: string | undefined
  const fixed: string[] = []
  if (plan.fix) {
    const before = await captureTree(plan.cwd)
    for (const name of names) {
      const linter = definition(name)
      if (!linter?.fixArgs) continue
      const outcome = await log.group(`Fix: ${name}`, () => runFixer(linter, options, deps))
      if (outcome.ran) fixed.push(name)
    }
    patch = await diffTrees(before, await captureTree(plan.cwd))
  }
  const results: ToolResult[] = []
  for (const name of names) {
    const result = await log.group(`Lint: ${name}`, async () => {
      if (name === 'sarif') return ingestSarifFiles(plan.sarifPatterns, { root: plan.root, cwd: plan.cwd })
      const linter = definition(name)
      if (!linter) throw new Error(`no definition for linter ${name}`)
      return runLinter(linter, options, deps)
    })
    const n = result.diagnostics.length
    if (result.status === 'ok')
      log.info(`${name}: ${n} finding${n === 1 ? '' : 's'} in ${Math.round(result.durationMs)} ms`)
    else log.error(result.problem ?? `${name}: ${result.status}`)
    results.push(result)
  }
  return { linters: names, results, patch, fixed }
}

export interface LintOutputFiles {
  readonly report: string
  readonly sarif: string
  readonly patch?: string
}

/** Writes lint-report.json, lint.sarif and (when there is one) lint-fixes.patch into dir. */
export async function writeLintOutputs(
  report: LintReport,
  dir: string,
  patch?: string,
): Promise<LintOutputFiles> {
  await mkdir(dir, { recursive: true })
  const files: { report: string; sarif: string; patch?: string } = {
    report: join(dir, 'lint-report.json'),
    sarif: join(dir, 'lint.sarif'),
  }
  await writeFile(files.report, JSON.stringify(report, null, 2) + '\n')
  await writeFile(files.sarif, JSON.stringify(renderSarif(report), null, 2) + '\n')
  if (patch) {
    files.patch = join(dir, 'lint-fixes.patch')
    await writeFile(files.patch, patch)
  }
  return files
}
