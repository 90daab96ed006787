import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { redact, redactUrl, UserError, type Logger } from '@pipeline-kit/common'
import { createDockerRunner, type DockerRunner } from './docker-runner'
import { describeAttempts, retryRegistryOperation } from './registry-retry'
import {
  createPrivateDir,
  explainHostKeyFailure,
  renderSshClientConfig,
  validateKnownHosts as validateSharedKnownHosts,
  writeSshClientFiles,
} from '@pipeline-kit/deployments'

/** How to reach one Docker engine: the inputs docker-host, known-hosts, ssh-key and a registry login. */
export interface DockerEngineTarget {
  /** DOCKER_HOST: unset for the local engine, `ssh://user@host[:port]`, `tcp://…`, `unix://…`. */
  readonly dockerHost?: string
  /** known_hosts lines for an ssh:// host (input known-hosts); mandatory for ssh://. */
  readonly knownHosts?: string
  /** Private key for an ssh:// host (input ssh-key); without it ssh uses the agent. */
  readonly sshKey?: string
  /** Registry credentials, logged in through stdin into the private DOCKER_CONFIG. */
  readonly registry?: { readonly server: string; readonly username: string; readonly password: string }
}

/** A docker CLI bound to one engine, plus the temporary files that binding needed. */
export interface DockerConnection {
  readonly run: DockerRunner
  /** The host label for messages (`local engine` or the DOCKER_HOST without credentials). */
  readonly hostLabel: string
  /** Removes the temporary ssh and registry configuration. */
  close(): void
}

const DEFAULT_CALL_TIMEOUT_MS = 120_000

/**
 * Binds the docker CLI to the manager named by the connection. For `ssh://` hosts the
 * host key is verified against the known-hosts input, never accepted blindly: the CLI
 * runs ssh from PATH, so a generated `ssh` on a private PATH entry runs the real ssh
 * with a generated config (StrictHostKeyChecking yes, only the given known_hosts).
 * Registry credentials are logged in through stdin into a private DOCKER_CONFIG and
 * forwarded to the nodes with --with-registry-auth; they never reach argv or the log.
 * The key, known_hosts and DOCKER_CONFIG live in a 0700 folder under `tempDir` (the
 * job's RUNNER_TEMP in the deploy action), removed by close().
 */
export async function openDockerConnection(
  connection: DockerEngineTarget = {},
  logger: Logger,
  tempDir?: string,
): Promise<DockerConnection> {
  const env: Record<string, string | undefined> = {}
  const secrets: string[] = []
  const scratch = createPrivateDir('pk-swarm-', tempDir)
  const close = () => rmSync(scratch, { recursive: true, force: true })
  try {
    const dockerHost = connection.dockerHost?.trim()
    if (dockerHost) {
      env.DOCKER_HOST = dockerHost
      env.DOCKER_CONTEXT = undefined
      if (dockerHost.startsWith('ssh://')) Object.assign(env, prepareSsh(dockerHost, connection, scratch))
    }
    if (connection.sshKey) secrets.push(connection.sshKey)
    if (connection.registry) {
      secrets.push(connection.registry.password)
      env.DOCKER_CONFIG = join(scratch, 'docker-config')
      mkdirSync(env.DOCKER_CONFIG, { mode: 0o700 })
    }
    const run = createDockerRunner({
      env,
      secrets: () => secrets,
      defaultTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
      retryLog: logger,
      explainFailure: (error) => explainDockerFailure(error, dockerHost),
    })
    if (connection.registry) {
      const { server, username, password } = connection.registry
      const login = await retryRegistryOperation(
        `docker login ${server}`,
        () =>
          run(['login', '--username', username, '--password-stdin', '--', server], {
            input: password,
            okExitCodes: 'any',
          }),
        { log: logger },
      )
      if (login.exitCode !== 0) {
        const detail = redact(firstLine(login.stderr.trim() || login.stdout.trim()), secrets)
        throw new UserError(
          `Login to ${server} as ${username} failed${describeAttempts(login.attempts)}: ${detail}. ` +
            'Check inputs registry, registry-username and registry-password.',
        )
      }
      logger.info(
        `Logged in to ${server} as ${username}; credentials are forwarded with --with-registry-auth`,
      )
    }
    return { run, hostLabel: dockerHost ? redactUrl(dockerHost) : 'the local engine', close }
  } catch (error) {
    close()
    throw error
  }
}

/** Checks the known-hosts input: at least one `host keytype key` line. */
export function validateKnownHosts(knownHosts: string | undefined, dockerHost: string): string {
  return validateSharedKnownHosts(knownHosts, `when docker-host is ${redactUrl(dockerHost)}`)
}

function prepareSsh(
  dockerHost: string,
  connection: DockerEngineTarget,
  scratch: string,
): Record<string, string> {
  const knownHosts = validateKnownHosts(connection.knownHosts, dockerHost)
  const sshDir = join(scratch, 'ssh')
  const binDir = join(scratch, 'bin')
  mkdirSync(sshDir, { mode: 0o700 })
  mkdirSync(binDir, { mode: 0o700 })
  const files = writeSshClientFiles(sshDir, knownHosts, connection.sshKey)
  const config = join(sshDir, 'config')
  // Host *: the CLI connects to whatever host DOCKER_HOST names.
  writeFileSync(config, renderSshClientConfig({ host: '*', files, connectTimeoutSeconds: 20 }), {
    mode: 0o600,
  })
  // The wrapper holds no user data: the paths arrive through the environment.
  const wrapper = join(binDir, 'ssh')
  writeFileSync(wrapper, '#!/bin/sh\nexec "$PK_SWARM_SSH" -F "$PK_SWARM_SSH_CONFIG" "$@"\n', { mode: 0o700 })
  return {
    PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    PK_SWARM_SSH: findOnPath('ssh') ?? '/usr/bin/ssh',
    PK_SWARM_SSH_CONFIG: config,
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}

/** Turns the docker CLI's terse connection failures into errors that say what to fix. */
export function explainDockerFailure(error: unknown, dockerHost: string | undefined): unknown {
  if (!(error instanceof Error)) return error
  const text = error.message
  const where = dockerHost ? redactUrl(dockerHost) : 'the local engine'
  const hostKey = explainHostKeyFailure(text, where)
  if (hostKey) return hostKey
  if (/Permission denied \(publickey/.test(text)) {
    return new UserError(
      `ssh to ${where} was refused (publickey): check input ssh-key and the user in docker-host.`,
    )
  }
  if (/Cannot connect to the Docker daemon|error during connect|connection refused/i.test(text)) {
    return new UserError(`Cannot reach the Docker engine at ${where}: ${firstLine(text)}`)
  }
  return error
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() && !/exited with code/.test(l)) ?? text.split('\n')[0] ?? text
}
