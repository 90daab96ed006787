import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@pipeline-kit/workflow-runner'

export interface TestSshd {
  readonly port: number
  readonly user: string
  /** known_hosts line for this server's real host key. */
  readonly knownHosts: string
  /** known_hosts line with a different key for the same host (an impostor). */
  readonly wrongKnownHosts: string
  /** Private key the server accepts for `user`. */
  readonly clientKey: string
  stop(): void
}

export const sshdBinary = '/usr/sbin/sshd'

/** True when an sshd can be started here (openssh-server installed). */
export const sshdAvailable = () => existsSync(sshdBinary)

/**
 * Starts sshd on 127.0.0.1 with a generated host key, accepting one generated client
 * key for the current user (key auth only).
 */
export async function startTestSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-swarm-sshd-'))
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file])
  keygen(join(dir, 'host_key'))
  keygen(join(dir, 'other_host_key'))
  keygen(join(dir, 'client_key'))
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')))
  mkdirSync('/run/sshd', { recursive: true })
  const port = await freePort()
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    'Subsystem sftp internal-sftp',
    `PidFile ${join(dir, 'sshd.pid')}`,
    'LogLevel ERROR',
  ].join('\n')
  writeFileSync(join(dir, 'sshd_config'), config + '\n')
  const child: ChildProcess = spawn(sshdBinary, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  await waitForPort(port, () => (child.exitCode !== null ? `sshd exited: ${stderr}` : undefined))
  const pub = (file: string) =>
    readFileSync(join(dir, file), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')
  return {
    port,
    user: userInfo().username,
    knownHosts: `[127.0.0.1]:${port} ${pub('host_key.pub')}\n`,
    wrongKnownHosts: `[127.0.0.1]:${port} ${pub('other_host_key.pub')}\n`,
    clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    stop: () => {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  const { connect } = await import('node:net')
  for (let i = 0; i < 100; i++) {
    const why = failed()
    if (why) throw new Error(why)
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`sshd did not listen on ${port}`)
}
