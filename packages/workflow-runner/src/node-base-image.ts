import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runProcess, UserError, type Logger } from '@pipeline-kit/common'
import { createDockerRunner } from '@pipeline-kit/docker'

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
  const docker = createDockerRunner()
  const present = await docker(['image', 'inspect', tag], { okExitCodes: 'any' })
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
    await docker(['build', '-q', '-t', tag, context], { timeoutMs: 300_000 })
    return tag
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}
