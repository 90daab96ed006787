import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { busyboxBinary } from '../services'

const created: string[] = []

/** A new temporary folder that removeTemporaryFolders() deletes (call it in afterAll). */
export function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}

/** Deletes the folders temporaryFolder() and userRepository() made. */
export function removeTemporaryFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A temporary user repository: files by relative path (`mode` 0o755 for scripts ending in .sh). */
export function userRepository(files: Readonly<Record<string, string>>): { root: string; workflow: string } {
  const root = temporaryFolder('pk-wfr-docker-repo-')
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
    if (path.endsWith('.sh')) chmodSync(file, 0o755)
  }
  return { root, workflow: join(root, '.github', 'workflows', 'ci.yml') }
}

/** Puts the static busybox beside a Dockerfile that copies it (no registry is reachable here). */
export function addBusybox(folder: string): void {
  copyFileSync(busyboxBinary, join(folder, 'busybox'))
}

/** Dockerfile lines of a busybox image FROM scratch. */
export const busyboxBase = [
  'FROM scratch',
  'COPY busybox /bin/busybox',
  'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
]

/** The workspace folder of the n-th job of a run (job folders are numbered in start order). */
export function jobWorkspace(workDir: string, n: number, jobId: string): string {
  return join(workDir, `job-${n}-${jobId}`, 'workspace')
}
