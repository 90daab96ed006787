import { chmodSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Creates a directory only the current user can enter (0700) under `parent` (the job's
 * RUNNER_TEMP in the action, the system temp directory by default) for keys, known_hosts
 * and env files, which the callers write 0600. The caller removes it; the deploy action's
 * post step removes the whole tree even when the main step was killed.
 */
export function createPrivateDir(prefix: string, parent: string = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix))
  // mkdtemp already uses 0700 on POSIX; chmod makes it independent of the umask and platform.
  chmodSync(dir, 0o700)
  return dir
}
