import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explainHostKeyFailure, renderSshClientConfig, writeSshClientFiles } from './ssh-client'

describe('renderSshClientConfig', () => {
  it('verifies host keys strictly against the given file only', () => {
    const config = renderSshClientConfig({
      host: '*',
      files: { knownHosts: '/t/known_hosts', identity: '/t/id' },
      connectTimeoutSeconds: 20,
    })
    expect(config).toContain('StrictHostKeyChecking yes')
    expect(config).toContain('UserKnownHostsFile "/t/known_hosts"')
    expect(config).toContain('GlobalKnownHostsFile /dev/null')
    expect(config).toContain('BatchMode yes')
    expect(config).toContain('ConnectTimeout 20')
    expect(config).toContain('IdentitiesOnly yes')
    expect(config).not.toMatch(/StrictHostKeyChecking (no|accept-new)/)
  })

  it('puts the extra settings in the same Host block and leaves identity out without a key', () => {
    const config = renderSshClientConfig({
      host: 'alias',
      files: { knownHosts: '/t/known_hosts' },
      connectTimeoutSeconds: 15,
      settings: ['Port 2222'],
    })
    expect(config.split('\n').slice(0, 2)).toEqual(['Host alias', '  Port 2222'])
    expect(config).not.toContain('IdentityFile')
  })
})

describe('writeSshClientFiles', () => {
  it('writes known_hosts and the key as 0600 files, the key with LF line ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-ssh-client-'))
    try {
      const files = writeSshClientFiles(dir, 'h ssh-ed25519 AAAA\n', 'line 1\r\nline 2\r\n\r\n')
      expect(readFileSync(files.knownHosts, 'utf8')).toBe('h ssh-ed25519 AAAA\n')
      expect(readFileSync(files.identity!, 'utf8')).toBe('line 1\nline 2\n')
      expect(statSync(files.identity!).mode & 0o777).toBe(0o600)
      expect(writeSshClientFiles(dir, 'h ssh-ed25519 AAAA\n').identity).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('explainHostKeyFailure', () => {
  it('names the host and what to do for a refused host key, nothing for other failures', () => {
    expect(explainHostKeyFailure('Host key verification failed.', 'u@h:22')?.message).toMatch(
      /The host key of u@h:22 does not match input known-hosts/,
    )
    expect(explainHostKeyFailure('Connection refused', 'u@h:22')).toBeUndefined()
  })
})
