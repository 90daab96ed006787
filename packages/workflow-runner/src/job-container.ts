import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { registryOf } from '@pipeline-kit/image-meta'
import type { ContainerSpec } from './container-spec'
import { environmentArgs, volumeArgs, type ContainerMount } from './container-paths'
import type { DockerRunner } from '@pipeline-kit/docker'
import { dockerName } from './docker-engine'

/** The job's container (when `container:` is set) and the job's network. */
export interface JobContainer {
  /** The container steps run in; undefined for a job with services only. */
  readonly name?: string
  readonly network: string
  /** GITHUB_WORKSPACE inside the container. */
  readonly workspace: string
  readonly mounts: readonly ContainerMount[]
  /** `bash` when the image has it, else `sh` (the runner's default shell in a container). */
  readonly defaultShell: string
  /** Service hostnames added to /etc/hosts when the network is the host's (no aliases there). */
  readonly hosts: readonly string[]
}

/** Host folders of one job that its container mounts. */
export interface JobFolders {
  readonly workspace: string
  readonly stepsDir: string
  readonly runnerTemp: string
  readonly repository: string
}

/**
 * The runner's mounts for a job container: the docker socket, the workspace at
 * `/__w/<repo>/<repo>`, the runner's temp folder at `/__w/_temp` (the step files inside
 * it), `/github/home` and `/github/workflow`.
 */
export function jobContainerMounts(folders: JobFolders): ContainerMount[] {
  const repo = folders.repository.split('/').at(-1) || 'repo'
  return [
    { host: '/var/run/docker.sock', container: '/var/run/docker.sock' },
    { host: folders.workspace, container: `/__w/${repo}/${repo}` },
    { host: folders.runnerTemp, container: '/__w/_temp' },
    { host: folders.stepsDir, container: '/__w/_temp/_runner_file_commands' },
    { host: join(folders.runnerTemp, '_github_home'), container: '/github/home' },
    { host: join(folders.runnerTemp, '_github_workflow'), container: '/github/workflow' },
  ]
}

/**
 * Pulls an image unless it is present; with credentials, logs in first with a private
 * docker config (the password on stdin), as the runner does, and removes it after.
 */
export async function ensureImage(cli: DockerRunner, spec: ContainerSpec): Promise<void> {
  if (!spec.credentials) {
    const present = await cli(['image', 'inspect', spec.image], { okExitCodes: 'any' })
    if (present.exitCode === 0) return
    await cli(['pull', spec.image], { timeoutMs: 600_000 })
    return
  }
  const config = mkdtempSync(join(tmpdir(), 'pk-docker-config-'))
  try {
    const registry = registryOf(spec.image)
    const login = await cli(
      ['--config', config, 'login', '--username', spec.credentials.username, '--password-stdin', registry],
      { input: spec.credentials.password, okExitCodes: 'any', timeoutMs: 60_000 },
    )
    if (login.exitCode !== 0)
      throw new Error(
        `docker login to ${registry} as ${spec.credentials.username} failed: ${login.stderr.trim()}`,
      )
    await cli(['--config', config, 'pull', spec.image], { timeoutMs: 600_000 })
  } finally {
    rmSync(config, { recursive: true, force: true })
  }
}

/**
 * Creates and starts the job container as the runner does (`docker create` with the
 * job's mounts, env, ports, volumes and options, `tail -f /dev/null` as its entrypoint),
 * on the job's network; returns its name and default shell.
 */
export async function startJobContainer(
  cli: DockerRunner,
  spec: ContainerSpec,
  network: string,
  mounts: readonly ContainerMount[],
  hosts: readonly string[],
): Promise<{ name: string; defaultShell: string }> {
  await ensureImage(cli, spec)
  for (const mount of mounts)
    if (mount.host !== '/var/run/docker.sock') mkdirSync(mount.host, { recursive: true })
  const name = dockerName('job')
  const workdir = mounts[1]!.container
  await cli(
    [
      'create',
      '--name',
      name,
      '--label',
      'pipeline-kit.workflow-runner=job',
      '--workdir',
      workdir,
      '--network',
      network,
      ...hosts.flatMap((host) => ['--add-host', `${host}:127.0.0.1`]),
      ...spec.ports.flatMap((port) => ['-p', port]),
      ...spec.volumes.flatMap((volume) => ['-v', volume]),
      ...environmentArgs(spec.env),
      ...volumeArgs(mounts),
      ...spec.options,
      '--entrypoint',
      'tail',
      spec.image,
      '-f',
      '/dev/null',
    ],
    { env: { ...spec.env } },
  )
  await cli(['start', name])
  const bash = await cli(['exec', name, 'sh', '-c', 'command -v bash'], { okExitCodes: 'any' })
  return { name, defaultShell: bash.exitCode === 0 ? 'bash' : 'sh' }
}

/** `docker exec` of a step's command in the job container: its working directory and env (values through the CLI's environment). */
export function execArgs(
  container: string,
  workdir: string,
  env: Readonly<Record<string, string>>,
  command: string,
  args: readonly string[],
): string[] {
  return ['exec', '-i', '--workdir', workdir, ...environmentArgs(env), container, command, ...args]
}
