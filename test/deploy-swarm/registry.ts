import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalRegistry, type LocalRegistry } from '@pipeline-kit/workflow-runner'

export const registryBinary = '/usr/bin/docker-registry'
export const registryAvailable = () => existsSync(registryBinary) && existsSync('/usr/bin/htpasswd')

export type TestRegistry = LocalRegistry

/** Starts a real registry (Debian's docker-registry) with htpasswd auth on 127.0.0.1. */
export function startTestRegistry(): Promise<TestRegistry> {
  return startLocalRegistry({
    binary: registryBinary,
    username: 'pk-swarm-bot',
    realm: 'pk-swarm',
    folderPrefix: 'pk-swarm-registry-',
  })
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
