import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { actionInputEnv, inputEnvName, type DeclaredInput } from '@pipeline-kit/action-manifest'
import { describeError } from '@pipeline-kit/common'
import {
  environmentArgs,
  splitContainerArgs,
  translateToContainerPath,
  volumeArgs,
  type ContainerMount,
} from './container-paths'
import { dockerCli, dockerName, requireDockerEngine } from './docker-engine'
import { executeProcess } from './execute-process'
import { createFileCommandFiles } from './file-commands'
import { runnerEnvironment } from './github-context'
import { evaluateText, type EvaluationScope } from './expressions'
import { evaluateInputDefault } from './input-defaults'
import { type LoadedManifest } from './load-action'
import type { ActionLocation } from './locate-action'
import { actionRepository, statusCondition, type ActionStep } from './node-action'
import { annotate, stepDirectory, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import { recordStageResult } from './stage-result'

/** The `runs` of a Docker container action (`runs.using: docker`). */
interface DockerRuns {
  readonly image: string
  readonly entrypoint?: string
  readonly 'pre-entrypoint'?: string
  readonly 'post-entrypoint'?: string
  readonly 'pre-if'?: string
  readonly 'post-if'?: string
  readonly args?: readonly string[]
  readonly env?: Readonly<Record<string, string>>
}

/** A container action ready to run: its image built or named, its declared inputs. */
interface PreparedAction {
  readonly image: string
  readonly runs: DockerRuns
  readonly inputs: Readonly<Record<string, DeclaredInput>>
  /** For a `docker://` step: `with: args` as one command line, `with: entrypoint`. */
  readonly stepArgs?: string
}

type Stage = 'pre' | 'main' | 'post'

const failed = (detail: string): ProcessOutcome => ({ ok: false, detail, outputs: {}, tail: [] })

/** Whether a loaded action.yml is a Docker container action. */
export function isDockerAction(manifest: LoadedManifest): boolean {
  return manifest.runs?.using?.toLowerCase() === 'docker'
}

/**
 * Runs a Docker container action as the runner's ContainerActionHandler does: the image
 * built from its Dockerfile (or `docker://image`), run with the runner's mounts and
 * environment, `args` evaluated with `inputs`; its `post-entrypoint` queued for the end
 * of the job (with `post-if`).
 */
export async function runDockerAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
  manifest: LoadedManifest,
): Promise<ProcessOutcome> {
  const runs = manifest.runs as unknown as DockerRuns
  if (runs['pre-entrypoint'] !== undefined && !location.repository)
    annotate(
      run,
      state,
      step.label,
      'warning',
      `\`pre\` execution is not supported for local action from '${step.uses}'`,
    )
  let action: PreparedAction
  try {
    action = await prepareAction(run, state, step, location.dir, runs, manifest.inputs ?? {})
  } catch (error) {
    return failed(describeError(error))
  }
  const outcome = await runStage(run, state, step, action, 'main')
  if (runs['post-entrypoint'] !== undefined)
    state.posts.push(async () => {
      if (statusCondition(runs['post-if'], state)) await runStage(run, state, step, action, 'post')
    })
  return outcome
}

/** A repository container action's `pre-entrypoint`, in "Set up job" (when `pre-if` holds). */
export async function runDockerActionPre(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  location: ActionLocation,
  manifest: LoadedManifest,
): Promise<void> {
  const runs = manifest.runs as unknown as DockerRuns
  if (!location.repository || runs['pre-entrypoint'] === undefined) return
  if (!statusCondition(runs['pre-if'], state)) return
  const action = await prepareAction(run, state, step, location.dir, runs, manifest.inputs ?? {})
  await runStage(run, state, step, action, 'pre')
}

/**
 * Runs a `docker://image` step: the image with the runner's mounts and environment,
 * `with: entrypoint` replacing its entrypoint and `with: args` its command line.
 */
export async function runDockerStep(
  run: RunContext,
  state: JobState,
  step: ActionStep,
): Promise<ProcessOutcome> {
  const given = Object.fromEntries(Object.entries(step.inputs).map(([k, v]) => [k.toLowerCase(), v]))
  const runs: DockerRuns = { image: step.uses, entrypoint: given.entrypoint }
  try {
    const action = await prepareAction(run, state, step, state.workspace, runs, {})
    return await runStage(run, state, step, { ...action, stepArgs: given.args }, 'main')
  } catch (error) {
    return failed(describeError(error))
  }
}

async function prepareAction(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  dir: string,
  runs: DockerRuns,
  inputs: Readonly<Record<string, DeclaredInput>>,
): Promise<PreparedAction> {
  const docker = dockerCli(run.options.env)
  await requireDockerEngine(docker, `${step.uses} (a Docker container action)`)
  const image = runs.image.trim()
  if (/^docker:\/\//i.test(image)) {
    const name = image.slice('docker://'.length)
    const present = await docker(['image', 'inspect', name], { okExitCodes: 'any' })
    // The runner always pulls; a local engine keeps an image already present (built here, or offline).
    if (present.exitCode !== 0) await docker(['pull', name], { timeoutMs: 600_000 })
    return { image: name, runs, inputs }
  }
  if (!/dockerfile$/i.test(image)) return { image, runs, inputs }
  const dockerfile = join(dir, image)
  if (!existsSync(dockerfile))
    throw new Error(`${step.uses}: the action's image ${image} is missing (${dockerfile})`)
  const tag = `${dockerName('action')}:${step.id.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`
  const build = await docker(['build', '-q', '-t', tag, '-f', dockerfile, dirname(dockerfile)], {
    okExitCodes: 'any',
    timeoutMs: 600_000,
  })
  if (build.exitCode !== 0)
    throw new Error(
      `Docker build failed with exit code ${build.exitCode}: ${(build.stderr || build.stdout).trim().split('\n').slice(-5).join('\n')}`,
    )
  state.cleanups.push(async () => {
    await docker(['rmi', '-f', tag], { okExitCodes: 'any' })
  })
  return { image: tag, runs, inputs }
}

/**
 * Runs one stage of a container action (`docker run --rm`): the workspace at
 * /github/workspace (the working directory), /github/home (HOME), /github/workflow (the
 * event), the step's file-command files under /github/file_commands, the docker socket;
 * every host path in the environment translated; file commands read back after it exits.
 */
async function runStage(
  run: RunContext,
  state: JobState,
  step: ActionStep,
  action: PreparedAction,
  stage: Stage,
): Promise<ProcessOutcome> {
  const label = stage === 'main' ? step.label : `${stage === 'pre' ? 'Pre' : 'Post'} ${step.label}`
  const started = performance.now()
  if (stage !== 'main') run.reporter.stepStarted({ name: state.name }, { name: label })
  const stepDir = `${stepDirectory(state, step.id)}${stage === 'main' ? '' : `-${stage}`}`
  const files = createFileCommandFiles(stepDir)
  const temp = join(run.workDir, 'runner-temp')
  const home = join(temp, '_github_home')
  const workflow = join(temp, '_github_workflow')
  mkdirSync(home, { recursive: true })
  mkdirSync(workflow, { recursive: true })
  writeFileSync(join(workflow, 'event.json'), JSON.stringify(run.github.event ?? {}))
  const mounts: ContainerMount[] = [
    { host: '/var/run/docker.sock', container: '/var/run/docker.sock' },
    { host: home, container: '/github/home' },
    { host: workflow, container: '/github/workflow' },
    { host: stepDir, container: '/github/file_commands' },
    { host: state.workspace, container: '/github/workspace' },
  ]
  const scope: EvaluationScope = { contexts: state.contexts() }
  const inputEnv = actionInputEnv(action.inputs, step.inputs, (text) => evaluateInputDefault(text, scope))
  const inputs = inputsContext(action.inputs, step.inputs, inputEnv)
  const withInputs: EvaluationScope = { contexts: { ...state.contexts(), inputs } }
  const saved = state.actionState[step.id] ?? {}
  const env: Record<string, string> = {
    ...runnerEnvironment(run.github, {
      workspace: state.workspace,
      jobId: state.plan.id,
      workDir: run.workDir,
    }),
    GITHUB_EVENT_PATH: join(workflow, 'event.json'),
    ...step.env,
    ...inputEnv,
    GITHUB_ACTION: step.id,
    ...actionRepository(step.uses),
    ...Object.fromEntries(Object.entries(saved).map(([k, v]) => [`STATE_${k}`, v])),
    ...files,
    HOME: home,
  }
  // The action's own env never overrides the step's (ContainerActionHandler adds only missing names).
  for (const [name, value] of Object.entries(action.runs.env ?? {}))
    if (!(name in env)) env[name] = evaluateText(String(value), withInputs)
  const containerEnv = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, translateToContainerPath(value, mounts)]),
  )
  const args =
    action.stepArgs !== undefined
      ? splitContainerArgs(action.stepArgs)
      : (action.runs.args ?? []).map((arg) => evaluateText(String(arg), withInputs))
  const entrypoint = stageEntrypoint(action.runs, stage)
  const name = dockerName('step')
  const network = state.jobContainer?.network
  const outcome = await executeProcess(run, state, {
    label,
    command: 'docker',
    args: [
      'run',
      '--rm',
      '--name',
      name,
      '--label',
      'pipeline-kit.workflow-runner=action',
      '--workdir',
      '/github/workspace',
      ...(network ? ['--network', network] : []),
      ...environmentArgs(containerEnv),
      ...volumeArgs(mounts),
      ...(entrypoint ? ['--entrypoint', entrypoint] : []),
      action.image,
      ...args,
    ],
    cwd: state.workspace,
    env: containerEnv,
    files,
    timeoutMs: stage === 'main' ? step.timeoutMs : 600_000,
  })
  await dockerCli(run.options.env)(['rm', '-f', name], { okExitCodes: 'any' })
  state.actionState[step.id] = { ...saved, ...outcome.state }
  if (stage === 'main') return outcome
  recordStageResult(run, state, { id: `${stage}-${step.id}`, label, startedAt: started }, outcome)
  return outcome
}

function stageEntrypoint(runs: DockerRuns, stage: Stage): string | undefined {
  if (stage === 'pre') return runs['pre-entrypoint']
  if (stage === 'post') return runs['post-entrypoint']
  return runs.entrypoint || undefined
}

/** The `inputs` context of `args` and `env`: every declared input (given or its default) and every given one. */
function inputsContext(
  declared: Readonly<Record<string, DeclaredInput>>,
  given: Readonly<Record<string, string>>,
  inputEnv: Readonly<Record<string, string>>,
): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const name of Object.keys(declared)) inputs[name] = inputEnv[inputEnvName(name)] ?? ''
  for (const [name, value] of Object.entries(given)) inputs[name] = value
  return inputs
}
