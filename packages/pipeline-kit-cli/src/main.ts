/**
 * The `pipeline-kit` command: parses the arguments, reads the repository (git, the
 * workflow, the event file, secrets), runs the workflow with runWorkflow and prints the
 * report. Exit code 0 when every job succeeded, 1 when one failed, 2 on a usage error.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeError, isUserError, UserError } from '@pipeline-kit/common'
import {
  createConsoleReporter,
  loadWorkflow,
  renderRunReport,
  runWorkflow,
  selectJobs,
} from '@pipeline-kit/workflow-runner'
import { findRepositoryRoot, readGitFacts } from './git-facts'
import { renderJobList } from './list-jobs'
import { parseRunArgs, type RunArgs } from './parse-run-args'
import { buildRunEvent, checkTriggeredBy } from './run-event'
import { parseSecretFile } from './secret-file'
import { USAGE } from './usage'
import { resolveWorkflowFile } from './workflow-file'

declare const PIPELINE_KIT_VERSION: string | undefined

/** The folder whose actions/<name> hold the toolkit's action bundles: the package, or the checkout in development. */
function findToolkitRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'actions', 'test', 'action.yml'))) return dir
    if (dirname(dir) === dir)
      throw new Error('the toolkit actions are not beside this command (a broken install?)')
  }
}

function readJson(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UserError(`--event-file ${file}: cannot read it (${describeError(error)})`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(`--event-file ${file}: not valid JSON (${describeError(error)})`)
  }
}

function readSecrets(args: RunArgs): Record<string, string> {
  const secrets = args.secretFile
    ? parseSecretFile(readFileSync(args.secretFile, 'utf8'), args.secretFile)
    : {}
  for (const name of args.secretNames) {
    const value = process.env[name]
    if (value === undefined)
      throw new UserError(
        `--secret ${name}: the environment variable ${name} is not set (it holds the secret's value)`,
      )
    secrets[name] = value
  }
  return secrets
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseRunArgs(argv)
  if (args.command === 'help') {
    process.stdout.write(USAGE)
    return 0
  }
  if (args.command === 'version') {
    process.stdout.write(
      `${typeof PIPELINE_KIT_VERSION === 'string' ? PIPELINE_KIT_VERSION : 'development'}\n`,
    )
    return 0
  }
  const cwd = process.cwd()
  const root = await findRepositoryRoot(cwd)
  const file = resolveWorkflowFile(args.workflow, cwd, root, {
    isFile: (path) => existsSync(path) && statSync(path).isFile(),
    list: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
    resolve,
  })
  const content = readFileSync(file, 'utf8')
  const plan = selectJobs(await loadWorkflow(file, content), args.jobs)
  if (args.list) {
    process.stdout.write(renderJobList(plan))
    return 0
  }
  checkTriggeredBy(plan, args)
  const secrets = readSecrets(args)
  const facts = await readGitFacts(root, process.env.USER || process.env.USERNAME || 'local')
  const run = buildRunEvent(args, facts, args.eventFile ? readJson(args.eventFile) : undefined)
  if (args.event === undefined && !plan.events.includes('push'))
    process.stderr.write(
      `warning: ${basename(file)} does not run on push (on: ${plan.events.join(', ')}); running it as a push\n`,
    )
  for (const warning of run.warnings) process.stderr.write(`warning: ${warning}\n`)

  // Workspaces, step files and artifacts of this run; removed when it ends, but for the artifacts.
  const workDir = mkdtempSync(join(tmpdir(), 'pipeline-kit-'))
  try {
    // The runner masks the secrets (and ::add-mask:: values) where it makes names and lines.
    const reporter = createConsoleReporter({ verbose: args.verbose })
    const result = await runWorkflow({
      workflow: file,
      jobs: args.jobs,
      parallelJobs: args.parallelJobs,
      toolkitRoot: findToolkitRoot(),
      source: root,
      event: run.event,
      repository: run.repository,
      ref: run.ref,
      sha: run.sha,
      inputs: args.inputs,
      vars: args.vars,
      secrets,
      workDir,
      reporter,
    })
    reporter.stop()
    process.stdout.write(renderRunReport(result))
    return result.success ? 0 : 1
  } finally {
    removeWorkDir(workDir)
  }
}

/** Removes a run's work folder, except the artifacts its upload-artifact steps stored (runWorkflow keeps them in artifacts/). */
function removeWorkDir(workDir: string): void {
  const artifacts = join(workDir, 'artifacts')
  if (!existsSync(artifacts) || readdirSync(artifacts).length === 0) {
    rmSync(workDir, { recursive: true, force: true })
    return
  }
  for (const entry of readdirSync(workDir))
    if (entry !== 'artifacts') rmSync(join(workDir, entry), { recursive: true, force: true })
  process.stderr.write(`Artifacts of this run: ${artifacts}\n`)
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`pipeline-kit: ${describeError(error)}`)
    if (!isUserError(error) && error instanceof Error && error.stack) console.error(error.stack)
    process.exitCode = 2
  },
)
