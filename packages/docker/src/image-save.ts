import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { UserError } from '@pipeline-kit/common'

/**
 * Streams `docker save <image>` (a tar archive) into `consume` without buffering it;
 * fails with the CLI's error output when docker exits with a non-zero code.
 */
export async function streamImageSave<T>(
  image: string,
  consume: (archive: Readable) => Promise<T>,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<T> {
  const child = spawn('docker', ['save', image], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  const stderr: Buffer[] = []
  child.stderr.on('data', (c: Buffer) => stderr.push(c))
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
  const result = await consume(child.stdout)
  const code = await exited
  if (code !== 0) {
    throw new UserError(
      `docker save ${image} failed (exit ${code}): ${Buffer.concat(stderr).toString('utf8').trim()}`,
    )
  }
  return result
}
