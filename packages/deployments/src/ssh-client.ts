import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '@pipeline-kit/common'

/** The files an ssh client config points at. */
export interface SshClientFiles {
  /** known_hosts with only the lines of the known-hosts input. */
  readonly knownHosts: string
  /** The private key of the ssh-key input; without it ssh uses the agent. */
  readonly identity?: string
}

/**
 * Writes the checked known-hosts text and the private key (if any) as 0600 files
 * `known_hosts` and `id` in `dir`, a private directory the caller creates and removes.
 * The key gets LF line ends and one final newline, which ssh insists on.
 */
export function writeSshClientFiles(dir: string, knownHosts: string, privateKey?: string): SshClientFiles {
  const files = { knownHosts: join(dir, 'known_hosts'), identity: privateKey ? join(dir, 'id') : undefined }
  writeFileSync(files.knownHosts, knownHosts, { mode: 0o600 })
  if (files.identity && privateKey) {
    writeFileSync(files.identity, privateKey.replace(/\r\n/g, '\n').trimEnd() + '\n', { mode: 0o600 })
  }
  return files
}

/**
 * One `Host` block of ssh client settings that verify the host key against
 * `files.knownHosts` only (StrictHostKeyChecking yes, no global known_hosts, no key
 * updates) and never prompt. `settings` are further `Keyword value` lines for the
 * block (HostName, Port, connection sharing).
 */
export function renderSshClientConfig(block: {
  readonly host: string
  readonly files: SshClientFiles
  readonly connectTimeoutSeconds: number
  readonly settings?: readonly string[]
}): string {
  return [
    `Host ${block.host}`,
    ...(block.settings ?? []).map((line) => `  ${line}`),
    '  StrictHostKeyChecking yes',
    `  UserKnownHostsFile "${block.files.knownHosts}"`,
    '  GlobalKnownHostsFile /dev/null',
    '  UpdateHostKeys no',
    '  CheckHostIP no',
    '  BatchMode yes',
    `  ConnectTimeout ${block.connectTimeoutSeconds}`,
    '  ServerAliveInterval 15',
    ...(block.files.identity ? [`  IdentityFile "${block.files.identity}"`, '  IdentitiesOnly yes'] : []),
    '',
  ].join('\n')
}

/**
 * The error for ssh's host key refusals (a changed, unknown or unlisted key), saying
 * what to do; undefined when `text` is another failure.
 */
export function explainHostKeyFailure(text: string, where: string): UserError | undefined {
  if (
    !/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No .* host key is known/i.test(text)
  ) {
    return undefined
  }
  return new UserError(
    `The host key of ${where} does not match input known-hosts (or is not listed there); refusing to connect. ` +
      'Check the key out of band and update known-hosts.',
  )
}
