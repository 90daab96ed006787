import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { runProcess, UserError, type Logger } from '@pipeline-kit/common'

/** A registry the local pipeline pushes to and deploys from. */
export interface LocalRegistry {
  /** host:port on 127.0.0.1 (plain HTTP, which Docker allows for loopback). */
  readonly server: string
  readonly username: string
  readonly password: string
  stop(): void
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Starts Debian's docker-registry on a free loopback port with htpasswd authentication
 * (a random password, given to htpasswd on stdin), storing images in a temporary folder.
 */
export async function startLocalRegistry(binary = '/usr/bin/docker-registry'): Promise<LocalRegistry> {
  if (!existsSync(binary)) {
    throw new UserError(
      `${binary} is missing: install the docker-registry package (bash scripts/setup-system.sh does)`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'pk-pipeline-registry-'))
  const username = 'pipeline'
  const password = randomBytes(18).toString('base64url')
  const htpasswd = await runProcess('htpasswd', ['-iBn', username], { input: password })
  writeFileSync(join(dir, 'htpasswd'), htpasswd.stdout)
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
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'auth:',
      '  htpasswd:',
      '    realm: pipeline-kit',
      `    path: ${join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  const server = `127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`http://${server}/v2/`)
      if (response.status === 401) break
    } catch {}
    if (i > 200 || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new UserError(`docker-registry did not start on ${server}`)
    }
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

/**
 * Builds a Node.js runtime image FROM scratch: static busybox (a shell and wget for health
 * checks), the given node binary and the shared libraries `ldd` lists for it. No registry
 * is needed; an image already present under `tag` is reused.
 */
export async function buildNodeBaseImage(
  tag: string,
  nodeBinary: string,
  log: Logger,
  busybox = '/bin/busybox',
): Promise<string> {
  const present = await runProcess('docker', ['image', 'inspect', tag], { okExitCodes: 'any' })
  if (present.exitCode === 0) return tag
  if (!existsSync(busybox)) throw new UserError(`${busybox} is missing: install busybox-static`)
  const context = mkdtempSync(join(tmpdir(), 'pk-pipeline-base-'))
  try {
    const ldd = await runProcess('ldd', [nodeBinary])
    const libraries = [...ldd.stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!)
    const copies: string[] = []
    for (const library of new Set(libraries)) {
      const inContext = join('rootfs', library)
      mkdirSync(join(context, dirname(inContext)), { recursive: true })
      copyFileSync(library, join(context, inContext))
      copies.push(`COPY ${inContext} ${library}`)
    }
    copyFileSync(busybox, join(context, 'busybox'))
    copyFileSync(nodeBinary, join(context, 'node'))
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        ...copies,
        'COPY node /usr/local/bin/node',
        'ENV PATH=/usr/local/bin:/bin',
        'RUN mkdir -p /tmp && chmod 1777 /tmp',
        '',
      ].join('\n'),
    )
    log.info(`Building the local Node.js base image ${tag} (busybox + node, FROM scratch)`)
    await runProcess('docker', ['build', '-q', '-t', tag, context], { timeoutMs: 300_000 })
    return tag
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}
