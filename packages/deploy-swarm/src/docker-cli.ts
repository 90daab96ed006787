import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  describeAttempts,
  redact,
  redactUrl,
  retryRegistryOperation,
  runProcess,
  UserError,
  type Logger,
  type ProcessResult,
} from '@pipeline-kit/common'
import type { SwarmConnection } from './options'
import type { Timeline } from './timeline'
import {
  createPrivateDir,
  explainHostKeyFailure,
  renderSshClientConfig,
  validateKnownHosts as validateSharedKnownHosts,
  writeSshClientFiles,
} from '@pipeline-kit/deployments'

export interface DockerCallOptions {
  /** Written to stdin (how the registry password reaches `docker login`). */
  readonly input?: string
  readonly okExitCodes?: readonly number[] | 'any'
  readonly timeoutMs?: number
  /**
   * Names a registry operation (`docker pull app:1`): its transient registry failures
   * (5xx, 429, resets, refusals, timeouts) are retried with backoff, each attempt logged
   * under this name.
   */
  readonly registryOperation?: string
}

/** What a docker call returns; `attempts` is set for a registryOperation. */
export type DockerResult = ProcessResult & { readonly attempts?: number }

/** Runs the docker CLI with an argument array; injected in unit tests. */
export type DockerRunner = (args: readonly string[], options?: DockerCallOptions) => Promise<DockerResult>

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
  connection: SwarmConnection = {},
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
    const run: DockerRunner = (args, options = {}) => {
      const once = () =>
        runProcess('docker', args, {
          env,
          input: options.input,
          okExitCodes: options.okExitCodes,
          timeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
          redact: secrets,
        })
      const attempts = options.registryOperation
        ? retryRegistryOperation(options.registryOperation, once, { log: logger })
        : once()
      return attempts.catch((error: unknown) => {
        throw explainDockerFailure(error, dockerHost)
      })
    }
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

/**
 * The connection the caller already holds (`open`, as tests pass one), or a new one
 * opened as the timeline's `connect` step; the caller closes only one it did not pass.
 */
export async function connectDockerStep(
  timeline: Timeline,
  connection: SwarmConnection | undefined,
  deps: { readonly logger: Logger; readonly open?: DockerConnection; readonly tempDir?: string },
): Promise<DockerConnection> {
  return (
    deps.open ??
    timeline.step(
      'connect',
      () => openDockerConnection(connection, deps.logger, deps.tempDir),
      (c) => c.hostLabel,
    )
  )
}

/** Checks the known-hosts input: at least one `host keytype key` line. */
export function validateKnownHosts(knownHosts: string | undefined, dockerHost: string): string {
  return validateSharedKnownHosts(knownHosts, `when docker-host is ${redactUrl(dockerHost)}`)
}

function prepareSsh(
  dockerHost: string,
  connection: SwarmConnection,
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
