import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface BusyboxImageOptions {
  /** Files to put in the image, by absolute path inside it. */
  readonly files?: Readonly<Record<string, string>>
  /** Dockerfile lines appended after busybox is installed (CMD, EXPOSE, HEALTHCHECK, LABEL …). */
  readonly instructions?: readonly string[]
}

/** The static busybox binary from Debian's busybox-static package. */
export const busyboxBinary = '/bin/busybox'

/**
 * Builds an image FROM scratch with a static busybox (no registry is reachable here, so
 * bases are made locally) and returns the tag.
 */
export function buildBusyboxImage(tag: string, options: BusyboxImageOptions = {}): string {
  const context = mkdtempSync(join(tmpdir(), 'pk-image-'))
  try {
    copyFileSync(busyboxBinary, join(context, 'busybox'))
    const copies: string[] = []
    for (const [path, content] of Object.entries(options.files ?? {})) {
      const local = join(context, 'files', path)
      mkdirSync(dirname(local), { recursive: true })
      writeFileSync(local, content)
      copies.push(`COPY files${path} ${path}`)
    }
    const dockerfile = [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      ...copies,
      ...(options.instructions ?? []),
    ].join('\n')
    writeFileSync(join(context, 'Dockerfile'), dockerfile + '\n')
    const result = spawnSync('docker', ['build', '-q', '-t', tag, context], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    if (result.status !== 0) throw new Error(`docker build of ${tag} failed: ${result.stderr}`)
    return tag
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}

/** Removes containers and images quietly (for afterAll). */
export function dockerRemove(kind: 'container' | 'image', names: readonly string[]): void {
  if (names.length === 0) return
  spawnSync('docker', kind === 'container' ? ['rm', '-f', ...names] : ['rmi', '-f', ...names], {
    stdio: 'ignore',
  })
}
