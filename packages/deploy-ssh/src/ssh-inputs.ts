import { isAbsolute, resolve } from 'node:path'
import { UserError } from '@pipeline-kit/common'
import type { ProviderInputReader } from '@pipeline-kit/deployments'
import type { SshDeployOptions, SshRollbackOptions, TransferMethod } from './deploy-release'
import { validateReleaseId } from './release'
import { validateKnownHosts, validateTarget, type SshTarget } from './ssh-session'

/** The reader parseSshInputs takes; `gh.input` satisfies it. */
export type SshInputReader = ProviderInputReader

/** Every input the ssh provider reads, as actions/deploy's action.yml must declare them. */
export const SSH_INPUT_NAMES = [
  'host',
  'port',
  'user',
  'ssh-key',
  'known-hosts',
  'source',
  'deploy-path',
  'keep-releases',
  'transfer',
  'pre-command',
  'reload-command',
  'post-command',
  'command-timeout',
] as const

/** Defaults for action.yml, as the parser applies them. */
export const SSH_INPUT_DEFAULTS = {
  port: '22',
  'keep-releases': '5',
  transfer: 'auto',
  'command-timeout': '10m',
} as const

export type SshPlan =
  | { readonly mode: 'deploy'; readonly options: SshDeployOptions }
  | { readonly mode: 'rollback'; readonly options: SshRollbackOptions }

/**
 * Parses the ssh provider's inputs. `releaseId` and `rollback` are the deploy action's
 * shared inputs; `workspace` resolves a relative source. The caller masks ssh-key.
 */
export function parseSshInputs(
  input: SshInputReader,
  shared: { readonly releaseId: string; readonly rollback: boolean; readonly workspace: string },
): SshPlan {
  const host = input.optional('host')
  if (!host) throw new UserError("Input 'host' is required for provider ssh")
  const port = input.integer('port', 22, { min: 1, max: 65535 })
  const user = input.optional('user')
  if (!user) throw new UserError("Input 'user' is required for provider ssh")
  const target: SshTarget = {
    host,
    port,
    user,
    knownHosts: input.optional('known-hosts') ?? '',
    privateKey: input.optional('ssh-key'),
  }
  validateTarget(target)
  validateKnownHosts(target.knownHosts, `${user}@${host}:${port}`)
  const deployPath = input.optional('deploy-path')
  if (!deployPath) throw new UserError("Input 'deploy-path' is required for provider ssh (e.g. /srv/app)")
  if (!isAbsolute(deployPath) || /[\n\r]/.test(deployPath) || deployPath.split('/').includes('..')) {
    throw new UserError(
      `Input 'deploy-path' has invalid value '${deployPath}': expected an absolute path without '..'`,
    )
  }
  const base = deployPath.replace(/\/+$/, '') || '/'
  const commandTimeoutMs = input.duration('command-timeout', 600_000, { min: 1000 })
  const reloadCommand = input.optional('reload-command')
  const source = input.optional('source')
  const keep = input.integer('keep-releases', 5, { min: 1, max: 100 })
  const transfer = input.enum<TransferMethod>('transfer', ['auto', 'rsync', 'scp'], 'auto')
  const preCommand = input.optional('pre-command')
  const postCommand = input.optional('post-command')
  if (shared.rollback) {
    return { mode: 'rollback', options: { target, deployPath: base, reloadCommand, commandTimeoutMs } }
  }
  if (!source)
    throw new UserError("Input 'source' is required for provider ssh: the directory or archive to deploy")
  return {
    mode: 'deploy',
    options: {
      target,
      deployPath: base,
      releaseId: validateReleaseId(shared.releaseId),
      source: isAbsolute(source) ? source : resolve(shared.workspace, source),
      transfer,
      keep,
      preCommand,
      reloadCommand,
      postCommand,
      commandTimeoutMs,
    },
  }
}
