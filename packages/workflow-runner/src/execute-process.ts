import { delimiter } from 'node:path'
import { applyMasks, parseStepOutput } from './commands'
import { readFileCommands, type FileCommandFiles } from './file-commands'
import { runnerEnvironment } from './github-context'
import type { JobState, ProcessOutcome, RunContext } from './run-context'
import { runStepProcess } from './step-process'

/** A process a step starts: a script's shell or an action's node, with its step files. */
export interface StepProcess {
  readonly label: string
  readonly command: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env: Record<string, string>
  readonly files: FileCommandFiles
  readonly timeoutMs: number | undefined
}

/** Runs one step's process, then applies its file commands and workflow commands as the runner does. */
export async function executeProcess(
  run: RunContext,
  state: JobState,
  step: StepProcess,
): Promise<ProcessOutcome> {
  const inherited = (run.options.env?.PATH ?? process.env.PATH ?? '').split(delimiter)
  const path = [...state.path, ...inherited].join(delimiter)
  const fullEnv: Record<string, string | undefined> = {
    ...process.env,
    ...run.options.env,
    ...runnerEnvironment(run.github, {
      workspace: state.workspace,
      jobId: state.plan.id,
      workDir: run.workDir,
    }),
    ...step.env,
    PATH: path,
  }
  const reporter = run.reporter
  const onLine = reporter.stepOutput
  const result = await runStepProcess(step.command, step.args, {
    cwd: step.cwd,
    env: fullEnv,
    timeoutMs: step.timeoutMs,
    // A cancellation stops the step running when it comes; the steps that run after it
    // (if: cancelled() or always()) run to the end, as on GitHub.
    signal: state.signal?.aborted ? undefined : state.signal,
    onLine: onLine
      ? (line) => {
          // A value masked with ::add-mask:: is hidden from this line on, as GitHub does.
          const added = /^::add-mask::(.+)$/.exec(line.trim())?.[1]
          if (added) state.masks.push(added)
          onLine.call(reporter, applyMasks(line, state.masks), { name: state.name })
        }
      : undefined,
  })
  const allowed = (name: string) => fullEnv[name]?.toLowerCase() === 'true'
  const parsed = parseStepOutput(`${result.stdout}\n${result.stderr}`, {
    allowUnsecureCommands: allowed('ACTIONS_ALLOW_UNSECURE_COMMANDS'),
    allowUnsecureStopTokens: allowed('ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS'),
  })
  state.masks.push(...parsed.masks)
  for (const a of parsed.annotations) {
    run.annotations.push({
      ...a,
      message: applyMasks(a.message, state.masks),
      job: state.name,
      step: step.label,
    })
  }
  const commands = readFileCommands(step.files)
  Object.assign(state.env, parsed.env, commands.env)
  state.path.unshift(...[...parsed.path, ...commands.path].reverse())
  if (commands.summary.trim())
    run.summaries.push({
      job: state.name,
      step: step.label,
      markdown: applyMasks(commands.summary, state.masks),
    })
  const tail = parsed.log
    .filter((l) => l.trim() !== '')
    .slice(-40)
    .map((l) => applyMasks(l, state.masks))
  const ok = result.exitCode === 0 && !result.timedOut && parsed.failures.length === 0
  const errors = parsed.annotations.filter((a) => a.level === 'error' && !a.file).map((a) => a.message)
  const lastLine = tail.length ? ` (${tail.at(-1)})` : ''
  const failure = result.timedOut
    ? `timed out after ${Math.round((step.timeoutMs ?? 0) / 1000)} s`
    : applyMasks(
        parsed.failures[0] ?? errors.at(-1) ?? `exit code ${result.exitCode}${lastLine}`,
        state.masks,
      )
  return {
    ok,
    detail: ok ? undefined : failure,
    outputs: { ...parsed.outputs, ...commands.outputs },
    tail,
    state: { ...parsed.state, ...commands.state },
  }
}
