import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { executeProcess } from './execute-process'
import { createFileCommandFiles } from './file-commands'
import { containerProcess } from './container-step'
import { stepDirectory, type JobState, type ProcessOutcome, type RunContext } from './run-context'
import { scriptExtension, shellCommand } from './shell'

/** A `run:` step, its values evaluated. */
export interface ScriptStep {
  readonly id: string
  readonly label: string
  readonly script: string
  readonly shell: string | undefined
  readonly workingDirectory: string | undefined
  readonly env: Record<string, string>
  readonly timeoutMs: number | undefined
}

/** Runs a `run:` step: the script written to a file and run by its shell in the working directory. */
export async function runScriptStep(
  run: RunContext,
  state: JobState,
  step: ScriptStep,
): Promise<ProcessOutcome> {
  const stepDir = stepDirectory(state, step.id)
  const files = createFileCommandFiles(stepDir)
  const scriptFile = join(stepDir, `script${scriptExtension(step.shell)}`)
  writeFileSync(scriptFile, step.script)
  const name = state.jobContainer?.name
  const container = name ? { ...state.jobContainer!, name } : undefined
  const shell = step.shell ?? container?.defaultShell
  const cwd = step.workingDirectory ? resolve(state.workspace, step.workingDirectory) : state.workspace
  if (!existsSync(cwd))
    return {
      ok: false,
      detail: `working-directory ${step.workingDirectory} does not exist in the workspace`,
      outputs: {},
      tail: [],
    }
  if (container) {
    const exec = containerProcess(run, state, container, {
      shell,
      scriptFile,
      cwd,
      env: { ...step.env, ...files },
    })
    return executeProcess(run, state, { label: step.label, files, timeoutMs: step.timeoutMs, ...exec })
  }
  const { command, args } = shellCommand(shell, scriptFile)
  return executeProcess(run, state, {
    label: step.label,
    command,
    args,
    cwd,
    env: { ...step.env, ...files },
    files,
    timeoutMs: step.timeoutMs,
  })
}
