import { describe, expect, it } from 'vitest'
import { remoteAuthEnv, tokenAuthorization, type Git, type GitResult } from './git'

/** A Git whose `config --get-all` answers `persisted` (exit 1 when empty, as git does). */
function gitWithConfig(persisted: string): Git & { calls: string[][] } {
  const calls: string[][] = []
  return {
    cwd: '/repo',
    calls,
    run(args): Promise<GitResult> {
      calls.push([...args])
      return Promise.resolve({ exitCode: persisted ? 0 : 1, stdout: persisted, stderr: '' })
    },
  }
}

describe('tokenAuthorization', () => {
  it('is the basic credential actions/checkout persists for a token', () => {
    expect(tokenAuthorization('ghs_abc')).toBe(
      `basic ${Buffer.from('x-access-token:ghs_abc').toString('base64')}`,
    )
  })
})

describe('remoteAuthEnv', () => {
  it('gives git the header for the server through GIT_CONFIG_* variables, not argv', async () => {
    const git = gitWithConfig('')
    const env = await remoteAuthEnv(git, 'https://github.com', 'basic abc=')
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic abc=',
    })
    expect(git.calls).toEqual([['config', '--get-all', 'http.https://github.com/.extraheader']])
    expect(git.calls.flat().join(' ')).not.toContain('abc=')
  })

  it('scopes the header to the server origin of a GitHub Enterprise URL with a path', async () => {
    const env = await remoteAuthEnv(gitWithConfig(''), 'https://ghe.example.com:8443/x', 'basic abc=')
    expect(env.GIT_CONFIG_KEY_0).toBe('http.https://ghe.example.com:8443/.extraheader')
  })

  it('adds nothing when the checkout persisted a header (a second one is refused) or there is no token', async () => {
    expect(
      await remoteAuthEnv(gitWithConfig('AUTHORIZATION: basic old='), 'https://github.com', 'basic abc='),
    ).toEqual({})
    expect(await remoteAuthEnv(gitWithConfig(''), 'https://github.com', undefined)).toEqual({})
  })
})
