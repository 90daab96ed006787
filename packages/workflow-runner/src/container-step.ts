import { translateToContainerPath } from './container-paths'
import { runnerEnvironment } from './github-context'
import { execArgs, type JobContainer } from './job-container'
import type { JobState, RunContext } from './run-context'
import { shellCommand } from './shell'

/**
 * A `run:` step of a container job as the runner runs it: `docker exec` into the job
 * container, its shell on the script's path in the container, the working directory and
 * every host path in the environment translated, GITHUB_PATH entries prepended to PATH.
 */
export function containerProcess(
  run: RunContext,
  state: JobState,
  container: JobContainer & { readonly name: string },
  step: { shell: string | undefined; scriptFile: string; cwd: string; env: Record<string, string> },
): { command: string; args: string[]; cwd: string; env: Record<string, string> } {
  const translate = (value: string) => translateToContainerPath(value, container.mounts)
  const { command, args } = shellCommand(step.shell, translate(step.scriptFile))
  const env: Record<string, string> = {
    ...runnerEnvironment(run.github, {
      workspace: state.workspace,
      jobId: state.plan.id,
      workDir: run.workDir,
    }),
    GITHUB_EVENT_PATH: '/github/workflow/event.json',
    HOME: '/github/home',
    ...step.env,
  }
  const translated = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, translate(v)]))
  const execEnv = { ...translated }
  delete execEnv.PATH
  const exec = execArgs(container.name, translate(step.cwd), execEnv, command, args)
  if (state.path.length > 0) {
    // GITHUB_PATH entries come first in PATH (executeProcess prepends them to the CLI's PATH).
    exec.splice(exec.indexOf(container.name), 0, '-e', 'PATH')
  }
  return { command: 'docker', args: exec, cwd: state.workspace, env: translated }
}
