import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createPrivateDir } from './private-dir'
import { writeSshClientFiles } from './ssh-client'

describe('createPrivateDir', () => {
  const roots: string[] = []
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })

  it('creates a 0700 folder under the given parent (RUNNER_TEMP), whatever the umask, for 0600 key files', () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pk-runner-temp-'))
    roots.push(runnerTemp)
    const previous = process.umask(0o000)
    let dir: string
    try {
      dir = createPrivateDir('pk-deploy-', runnerTemp)
    } finally {
      process.umask(previous)
    }
    expect(dir.startsWith(join(runnerTemp, 'pk-deploy-'))).toBe(true)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const files = writeSshClientFiles(dir, 'h ssh-ed25519 AAAA\n', 'key\n')
    expect(statSync(files.identity!).mode & 0o777).toBe(0o600)
    expect(statSync(files.knownHosts).mode & 0o777).toBe(0o600)
    expect(readdirSync(runnerTemp)).toHaveLength(1)
  })
})
