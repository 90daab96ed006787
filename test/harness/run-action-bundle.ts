import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { actionInputEnv, inputEnvName, loadActionManifest } from '@pipeline-kit/action-manifest'
import { contextsFromEnvironment, githubEnvironment } from '@pipeline-kit/workflow-runner/github-environment'
import { hashFilesSync } from '@pipeline-kit/workflow-runner/hash-files'
import { evaluateInputDefault } from '@pipeline-kit/workflow-runner/input-defaults'
import { actionDir as resolveActionDir, node24, repoRoot } from './paths'
import {
  parseFileCommands,
  parseWorkflowCommands,
  toAnnotations,
  type ParsedAnnotation,
  type WorkflowCommand,
} from './workflow-commands'

export interface ActionMetadata {
  readonly name: string
  readonly description: string
  readonly inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  readonly outputs: Record<string, { description?: string }>
  readonly runs: { using: string; main: string; pre?: string; post?: string; 'post-if'?: string }
  readonly [key: string]: unknown
}

export interface RunBundleOptions {
  /** An action's folder name under actions/, or an absolute path to a folder with action.yml. */
  readonly action: string
  /** Inputs by their action.yml names; undeclared names are rejected as the runner warns. */
  readonly inputs?: Readonly<Record<string, string>>
  /** Extra environment variables (e.g. DOCKER_HOST, GITHUB_API_URL of the fake). */
  readonly env?: Readonly<Record<string, string>>
  /** The event; default a push to main. */
  readonly event?: { readonly name: string; readonly payload: object }
  /** Working directory and GITHUB_WORKSPACE; default a fresh temporary folder. */
  readonly workspace?: string
  /** STATE_* values, as saved by an earlier phase. */
  readonly state?: Readonly<Record<string, string>>
  readonly phase?: 'pre' | 'main' | 'post'
  /** Kill the action after this long; default 120 s. */
  readonly timeoutMs?: number
  /** RUNNER_TEMP; default a fresh folder per run (runActionWithPost gives post main's). */
  readonly runnerTemp?: string
  /**
   * Sends `signal` to the action once its stdout matches `when`, as the runner does when
   * the job is cancelled or times out (SIGINT/SIGTERM, then SIGKILL).
   */
  readonly kill?: { readonly when: RegExp; readonly signal: NodeJS.Signals }
}

export interface ActionRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly state: Record<string, string>
  readonly env: Record<string, string>
  readonly path: string[]
  readonly summary: string
  readonly commands: WorkflowCommand[]
  readonly annotations: ParsedAnnotation[]
  /** Values registered with add-mask. */
  readonly masks: string[]
  /** The ::error:: lines without properties: what setFailed printed. */
  readonly failures: string[]
  readonly workspace: string
  readonly runnerTemp: string
  /** The signal that ended the action, when one did (the kill option, or the timeout). */
  readonly signal?: NodeJS.Signals
  readonly durationMs: number
}

/**
 * Reads an action's action.yml as GitHub's runner loads it: a manifest the runner refuses
 * (an expression where its schema allows none, an unknown `runs.using` …) throws the
 * runner's log, so no test runs an action that could not run on GitHub.
 */
export function readActionMetadata(action: string): ActionMetadata {
  const file = join(resolveActionDir(action), 'action.yml')
  const shown = file.startsWith(`${repoRoot}/`) ? relative(repoRoot, file) : file
  return loadActionManifest(readFileSync(file, 'utf8'), shown) as ActionMetadata
}

export { inputEnvName }

const defaultEvent = {
  name: 'push',
  payload: {
    ref: 'refs/heads/main',
    after: '0123456789abcdef0123456789abcdef01234567',
    repository: { name: 'app', full_name: 'octo/app', default_branch: 'main', owner: { login: 'octo' } },
  },
}

let root: string | undefined
/** One temporary folder for every run's files until removeHarnessFiles() (after each test file). */
function harnessRoot(): string {
  root ??= mkdtempSync(join(tmpdir(), 'pk-harness-'))
  return root
}

/** Removes the runs' temporary files; the integration setup calls it after each test file. */
export function removeHarnessFiles(): void {
  if (root) rmSync(root, { recursive: true, force: true })
  root = undefined
}

/**
 * Runs an action's bundle exactly as the GitHub runner does: Node 24, action.yml defaults
 * plus INPUT_* overrides, empty file-command files, an event payload and the usual
 * GITHUB_ and RUNNER_ variables; returns what the runner would collect.
 */
export async function runActionBundle(options: RunBundleOptions): Promise<ActionRun> {
  const dir = resolveActionDir(options.action)
  const meta = readActionMetadata(options.action)
  const declared = meta.inputs ?? {}
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in declared)) throw new Error(`input '${name}' is not declared in ${dir}/action.yml`)
  }
  const phase = options.phase ?? 'main'
  const script = phase === 'main' ? meta.runs.main : meta.runs[phase]
  if (!script) throw new Error(`${dir}/action.yml declares no ${phase} script`)

  const temp = mkdtempSync(join(harnessRoot(), 'pk-run-'))
  const workspace = options.workspace ?? join(temp, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_ENV: join(temp, 'env'),
    GITHUB_PATH: join(temp, 'path'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const event = options.event ?? defaultEvent
  const eventPath = join(temp, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload))
  const runnerTemp = options.runnerTemp ?? join(temp, 'runner-temp')
  mkdirSync(runnerTemp, { recursive: true })

  const payload = event.payload as Record<string, any>
  // The github context of the run; its GITHUB_* variables as the local runner sets them.
  const github: Record<string, string> = {
    event_name: event.name,
    repository: payload.repository?.full_name ?? 'octo/app',
    repository_owner: payload.repository?.owner?.login ?? 'octo',
    sha: payload.after ?? payload.pull_request?.head?.sha ?? '0123456789abcdef0123456789abcdef01234567',
    ref:
      payload.ref ??
      (payload.pull_request ? `refs/pull/${payload.pull_request.number}/merge` : 'refs/heads/main'),
    workspace,
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    graphql_url: 'https://api.github.com/graphql',
    run_id: '4242',
    run_number: '7',
    run_attempt: '1',
    job: 'test',
    workflow: 'CI',
    actor: 'octocat',
    action: 'pipeline-kit',
    action_path: dir,
  }
  if (payload.pull_request) {
    github.head_ref = payload.pull_request.head?.ref ?? ''
    github.base_ref = payload.pull_request.base?.ref ?? ''
  }
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...githubEnvironment(github),
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'harness',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
    RUNNER_DEBUG: '1',
    ...files,
    ...options.env,
  }
  // Input defaults as the runner evaluates them (one evaluator with the local runner), with
  // the contexts the variables above stand for; a job that has not failed, not a matrix.
  const contexts = {
    ...contextsFromEnvironment(base, payload),
    job: { status: 'success' },
    strategy: { 'fail-fast': true, 'job-index': 0, 'job-total': 1, 'max-parallel': 1 },
    matrix: {},
  }
  Object.assign(
    base,
    actionInputEnv(declared, options.inputs ?? {}, (text) =>
      evaluateInputDefault(text, { contexts, hashFiles: (patterns) => hashFilesSync(patterns, workspace) }),
    ),
  )
  for (const [name, value] of Object.entries(options.state ?? {})) base[`STATE_${name}`] = value

  const started = performance.now()
  const { exitCode, signal, stdout, stderr } = await spawnNode(
    [join(dir, script)],
    workspace,
    base,
    options.timeoutMs ?? 120_000,
    options.kill,
  )
  const durationMs = performance.now() - started
  const commands = parseWorkflowCommands(stdout)
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    env: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
    path: readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands,
    annotations: toAnnotations(commands),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    failures: commands
      .filter((c) => c.command === 'error' && Object.keys(c.properties).length === 0)
      .map((c) => c.message),
    workspace,
    runnerTemp,
    signal,
    durationMs,
  }
}

/** Runs main, then post with the state main saved (as the runner does with post-if: always()). */
export async function runActionWithPost(
  options: RunBundleOptions,
): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runActionBundle({ ...options, phase: 'main' })
  const post = await runActionBundle({
    ...options,
    workspace: main.workspace,
    runnerTemp: main.runnerTemp,
    kill: undefined,
    phase: 'post',
    state: { ...options.state, ...main.state },
  })
  return { main, post }
}

function spawnNode(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  kill?: RunBundleOptions['kill'],
): Promise<{ exitCode: number; signal?: NodeJS.Signals; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node24, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let watched = kill ? '' : undefined
    child.stdout.on('data', (c: Buffer) => {
      out.push(c)
      if (kill && watched !== undefined) {
        watched += c.toString('utf8')
        if (kill.when.test(watched)) {
          watched = undefined
          child.kill(kill.signal)
        }
      }
    })
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        signal: signal ?? undefined,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
}
