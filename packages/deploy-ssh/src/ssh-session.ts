import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runProcess, UserError, type Logger, type ProcessResult } from '@pipeline-kit/common'
import { shellJoin } from './shell-quote'
import {
  createPrivateDir,
  explainHostKeyFailure,
  renderSshClientConfig as renderVerifiedSshConfig,
  validateKnownHosts as validateSharedKnownHosts,
  writeSshClientFiles,
  type SshClientFiles,
} from '@pipeline-kit/deployments'

/** Where and how to connect. */
export interface SshTarget {
  readonly host: string
  readonly port: number
  readonly user: string
  /** known_hosts lines for the host; required, the host key is always verified. */
  readonly knownHosts: string
  /** Private key (PEM/OpenSSH text); without it ssh uses the agent. */
  readonly privateKey?: string
}

/** An open, multiplexed ssh connection to one host. */
export interface SshSession {
  /** `user@host:port`, for messages. */
  readonly label: string
  /** Runs a remote command given as an argument array (quoted for the remote shell). */
  exec(
    args: readonly string[],
    options?: { okExitCodes?: readonly number[]; timeoutMs?: number },
  ): Promise<ProcessResult>
  /**
   * `rsync … -e <ssh> SRC host:DEST` with the session's verified connection; `remotePrefix`
   * (already quoted) runs on the host before the rsync server, its output on stderr.
   */
  rsync(
    args: readonly string[],
    source: string,
    remoteDestination: string,
    remotePrefix?: string,
  ): Promise<ProcessResult>
  /** `scp -r SRC host:DEST` with the session's verified connection. */
  scp(source: string, remoteDestination: string): Promise<ProcessResult>
  /** Stops the control master and removes the key, known_hosts and config. */
  close(): Promise<void>
}

const HOST_ALIAS = 'pk-deploy-target'
const DEFAULT_TIMEOUT_MS = 10 * 60_000

/** Checks the host, port and user before they are written to an ssh config. */
export function validateTarget(target: Pick<SshTarget, 'host' | 'port' | 'user'>): void {
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*|[0-9A-Fa-f:.]+)$/.test(target.host)) {
    throw new UserError(`Input host has invalid value '${target.host}': expected a host name or IP address`)
  }
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(target.user)) {
    throw new UserError(
      `Input user has invalid value '${target.user}': expected a user name (letters, digits, _ . -)`,
    )
  }
}

/**
 * Checks the known-hosts input: at least one `host key-type key` line. The ssh provider
 * never accepts a host key it was not given.
 */
export function validateKnownHosts(knownHosts: string | undefined, where: string): string {
  return validateSharedKnownHosts(knownHosts, `to deploy to ${where}`)
}

/**
 * The ssh client configuration: verify the host key, never prompt, and multiplex
 * connections through `files.controlPath` (none without one).
 */
export function renderSshClientConfig(
  target: Pick<SshTarget, 'host' | 'port' | 'user'>,
  files: SshClientFiles & { controlPath?: string },
): string {
  return renderVerifiedSshConfig({
    host: HOST_ALIAS,
    files,
    connectTimeoutSeconds: 15,
    settings: [
      `HostName ${target.host.replace(/^\[|\]$/g, '')}`,
      `Port ${target.port}`,
      `User ${target.user}`,
      ...(files.controlPath
        ? ['ControlMaster auto', `ControlPath "${files.controlPath}"`, 'ControlPersist 120']
        : []),
    ],
  })
}

/**
 * A Unix socket path holds at most 104 bytes on macOS (108 on Linux), and ssh binds the
 * control socket at the path plus a 17-character random suffix first.
 */
const MAX_CONTROL_PATH_BYTES = 104 - 17

/** The control socket path in `dir`, or undefined when it would be too long to bind. */
export function controlPathIn(dir: string): string | undefined {
  const path = join(dir, 'cm')
  return Buffer.byteLength(path) <= MAX_CONTROL_PATH_BYTES ? path : undefined
}

/**
 * Prepares a verified, multiplexed ssh session: the known-hosts lines and the key go to
 * 0600 files in a private (0700) directory under `tempDir` (the job's RUNNER_TEMP in the
 * deploy action; default the system's temporary directory), ssh runs with StrictHostKeyChecking yes
 * and only those known hosts, and the first connection becomes a control master that
 * later commands, rsync and scp reuse. A wrong or unknown host key, a refused key or an
 * unreachable host fails the first command with a message saying which.
 */
export function openSshSession(target: SshTarget, logger: Logger, tempDir?: string): SshSession {
  validateTarget(target)
  const label = `${target.user}@${target.host}:${target.port}`
  const knownHosts = validateKnownHosts(target.knownHosts, label)
  const scratch = createPrivateDir('ssh-', tempDir)
  const files = {
    ...writeSshClientFiles(scratch, knownHosts, target.privateKey),
    controlPath: controlPathIn(scratch),
    config: join(scratch, 'config'),
  }
  if (!files.controlPath)
    logger.debug(`${scratch} is too long a path for an ssh control socket: no multiplexing`)
  writeFileSync(files.config, renderSshClientConfig(target, files), { mode: 0o600 })
  const sshBase = ['-F', files.config]
  const redact = target.privateKey ? [target.privateKey] : []
  const explain = (error: unknown) => explainSshFailure(error, label)

  const session: SshSession = {
    label,
    exec: (args, options = {}) =>
      runProcess('ssh', [...sshBase, HOST_ALIAS, '--', shellJoin(args)], {
        okExitCodes: options.okExitCodes,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        redact,
      }).catch((error: unknown) => {
        throw explain(error)
      }),
    rsync: (args, source, remoteDestination, remotePrefix) =>
      runProcess(
        'rsync',
        [
          ...args,
          '-e',
          `ssh -F '${files.config}'`,
          ...(remotePrefix ? ['--rsync-path', `${remotePrefix} >&2 && rsync`] : []),
          '--',
          source,
          `${HOST_ALIAS}:${remoteDestination}`,
        ],
        { timeoutMs: DEFAULT_TIMEOUT_MS, redact },
      ).catch((error: unknown) => {
        throw explain(error)
      }),
    scp: (source, remoteDestination) =>
      runProcess('scp', [...sshBase, '-r', '-p', '-q', '--', source, `${HOST_ALIAS}:${remoteDestination}`], {
        timeoutMs: DEFAULT_TIMEOUT_MS,
        redact,
      }).catch((error: unknown) => {
        throw explain(error)
      }),
    close: async () => {
      if (files.controlPath) {
        await runProcess('ssh', [...sshBase, '-O', 'exit', HOST_ALIAS], {
          okExitCodes: 'any',
          timeoutMs: 10_000,
        }).catch(() => undefined)
      }
      await removeScratch(scratch, [files.identity, files.knownHosts, files.config])
    },
  }
  logger.debug(`ssh to ${label}: StrictHostKeyChecking yes with the known-hosts input only`)
  return session
}

/** Turns ssh's terse failures into errors that say what to fix. */
export function explainSshFailure(error: unknown, label: string): unknown {
  if (!(error instanceof Error)) return error
  const text = error.message
  const hostKey = explainHostKeyFailure(text, label)
  if (hostKey) return hostKey
  if (/Permission denied \(/.test(text)) {
    return new UserError(
      `ssh to ${label} was refused (${/Permission denied \(([^)]*)\)/.exec(text)?.[1]}): check inputs ssh-key and user.`,
    )
  }
  if (
    /Connection refused|Connection timed out|No route to host|Could not resolve hostname|Network is unreachable|Connection closed by|kex_exchange_identification/i.test(
      text,
    )
  ) {
    const reason =
      text
        .split('\n')
        .find((l) => /ssh:|Connection|resolve|kex_/.test(l))
        ?.trim() ?? text
    return new UserError(`Cannot reach ${label} over ssh: ${reason}`)
  }
  return error
}

/**
 * Removes the private directory, the key first. The control master removes its socket
 * while it exits, which can race a recursive delete (it then fails half-way), so the
 * files are removed one by one and the directory is retried briefly.
 */
async function removeScratch(dir: string, files: readonly (string | undefined)[]): Promise<void> {
  for (const file of files) if (file) rmSync(file, { force: true })
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true })
      return
    } catch (error) {
      if (attempt >= 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
