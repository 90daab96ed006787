import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const registryBinary = '/usr/bin/docker-registry'
export const registryAvailable = () => existsSync(registryBinary) && existsSync('/usr/bin/htpasswd')

export interface TestRegistry {
  /** host:port, plain HTTP on loopback (the engine allows that for 127.0.0.0/8). */
  readonly server: string
  readonly username: string
  readonly password: string
  stop(): void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Starts a real registry (Debian's docker-registry) with htpasswd auth on 127.0.0.1. */
export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-swarm-registry-'))
  const username = 'pk-swarm-bot'
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const htpasswd = execFileSync('htpasswd', ['-iBn', username], { input: password, encoding: 'utf8' })
  writeFileSync(join(dir, 'htpasswd'), htpasswd)
  mkdirSync(join(dir, 'data'))
  const port = await freePort()
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'auth:',
      '  htpasswd:',
      '    realm: pk-swarm',
      `    path: ${join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(registryBinary, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  const server = `127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`http://${server}/v2/`)
      if (response.status === 401) break
    } catch {}
    if (i > 100 || child.exitCode !== null) throw new Error('docker-registry did not start')
    await new Promise((r) => setTimeout(r, 50))
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

/** Pushes a local image to the registry with a throwaway client config (password via stdin). */
export function pushImage(registry: TestRegistry, localImage: string, remoteImage: string): void {
  const config = mkdtempSync(join(tmpdir(), 'pk-swarm-push-'))
  const env = { ...process.env, DOCKER_CONFIG: config }
  try {
    execFileSync('docker', ['login', '--username', registry.username, '--password-stdin', registry.server], {
      input: registry.password,
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    execFileSync('docker', ['tag', localImage, remoteImage])
    execFileSync('docker', ['push', remoteImage], { env, stdio: 'ignore' })
    // Drop the local copy so the swarm node has to pull it with the forwarded credentials.
    execFileSync('docker', ['rmi', remoteImage], { stdio: 'ignore' })
  } finally {
    rmSync(config, { recursive: true, force: true })
  }
}
