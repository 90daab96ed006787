import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runProcess, UserError } from '@pipeline-kit/common'
import { freePort } from './free-port'

/** A registry the local pipeline pushes to and deploys from (integration suites use it too). */
export interface LocalRegistry {
  /** host:port on 127.0.0.1 (plain HTTP, which Docker allows for loopback). */
  readonly server: string
  readonly username: string
  readonly password: string
  stop(): void
}

/** Who starts the registry: names that show in its folder, realm and user. */
export interface LocalRegistryOptions {
  readonly binary?: string
  readonly username?: string
  /** The htpasswd realm (shows in the WWW-Authenticate challenge). */
  readonly realm?: string
  /** Prefix of the temporary folder that holds the config, htpasswd and images. */
  readonly folderPrefix?: string
}

/**
 * Starts Debian's docker-registry on a free loopback port with htpasswd authentication
 * (a random password, given to htpasswd on stdin), storing images in a temporary folder
 * that stop() removes.
 */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const binary = options.binary ?? '/usr/bin/docker-registry'
  if (!existsSync(binary)) {
    throw new UserError(
      `${binary} is missing: install the docker-registry package (bash scripts/setup-system.sh does)`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), options.folderPrefix ?? 'pk-pipeline-registry-'))
  const username = options.username ?? 'pipeline'
  const password = randomBytes(18).toString('base64url')
  const htpasswd = await runProcess('htpasswd', ['-iBn', username], { input: password })
  writeFileSync(join(dir, 'htpasswd'), htpasswd.stdout)
  mkdirSync(join(dir, 'data'))
  const port = await freePort()
  writeFileSync(
    join(dir, 'config.yml'),
    renderRegistryConfig({ dir, port, realm: options.realm ?? 'pipeline-kit' }),
  )
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  const server = `127.0.0.1:${port}`
  try {
    await waitForRegistry(server, child)
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    server,
    username,
    password,
    stop: () => {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The registry's config.yml: loopback only, images under dir/data, deletes allowed, htpasswd auth. */
function renderRegistryConfig(settings: { dir: string; port: number; realm: string }): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(settings.dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${settings.port}`,
    'auth:',
    '  htpasswd:',
    `    realm: ${settings.realm}`,
    `    path: ${join(settings.dir, 'htpasswd')}`,
    '',
  ].join('\n')
}

/** Ready means /v2/ asks for credentials (401); about ten seconds, or until the process exits. */
async function waitForRegistry(server: string, child: ChildProcess): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`http://${server}/v2/`)
      if (response.status === 401) return
    } catch {}
    if (i > 200 || child.exitCode !== null) throw new UserError(`docker-registry did not start on ${server}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
