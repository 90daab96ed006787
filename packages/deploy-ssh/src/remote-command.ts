import { describeError, UserError, type Logger } from '@pipeline-kit/common'
import { RUN_COMMAND } from './remote-scripts'
import type { SshSession } from './ssh-session'

export type CommandPhase = 'pre' | 'reload' | 'post' | 'rollback'

/**
 * Runs the user's pre, reload, post and rollback commands on the host in a directory, with
 * the deployment's variables exported and DEPLOY_PHASE set; its output goes to a log group.
 */
export function commandRunner(
  session: SshSession,
  logger: Logger,
  timeoutMs: number | undefined,
  variables: Readonly<Record<string, string>>,
) {
  return async (phase: CommandPhase, dir: string, command: string): Promise<void> => {
    const pairs = Object.entries({ ...variables, DEPLOY_PHASE: phase }).map(([k, v]) => `${k}=${v}`)
    let out
    try {
      out = await session.exec(['sh', '-c', RUN_COMMAND, 'pk', dir, command, ...pairs], { timeoutMs })
    } catch (error) {
      throw new UserError(
        `The ${phase} command failed on ${session.label}: ${describeError(error).replace(/^ssh /, '')}`,
      )
    }
    const text = (out.stdout + out.stderr).trim()
    if (text) await logger.group(`${phase} command output`, async () => logger.info(text))
  }
}
