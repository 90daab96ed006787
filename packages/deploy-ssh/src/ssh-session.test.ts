import { describe, expect, it } from 'vitest'
import { ProcessError } from '@pipeline-kit/common'
import { shellJoin, shellQuote } from './shell-quote'
import {
  controlPathIn,
  explainSshFailure,
  renderSshClientConfig,
  validateKnownHosts,
  validateTarget,
} from './ssh-session'

describe('shellQuote', () => {
  it('leaves plain words and quotes everything else', () => {
    expect(shellQuote('/srv/app-1')).toBe('/srv/app-1')
    expect(shellQuote("it's; rm -rf /")).toBe(`'it'\\''s; rm -rf /'`)
    expect(shellQuote('')).toBe("''")
    expect(shellJoin(['sh', '-c', 'echo "$1"', 'pk', 'a b'])).toBe(`sh -c 'echo "$1"' pk 'a b'`)
  })
})

describe('ssh configuration', () => {
  it('verifies host keys, never prompts and multiplexes', () => {
    const config = renderSshClientConfig(
      { host: '127.0.0.1', port: 2222, user: 'deploy' },
      { knownHosts: '/tmp/x/known_hosts', identity: '/tmp/x/id', controlPath: '/tmp/x/cm' },
    )
    expect(config).toContain('StrictHostKeyChecking yes')
    expect(config).toContain('UserKnownHostsFile "/tmp/x/known_hosts"')
    expect(config).toContain('GlobalKnownHostsFile /dev/null')
    expect(config).toContain('BatchMode yes')
    expect(config).toContain('ControlMaster auto')
    expect(config).toContain('Port 2222')
    expect(config).not.toMatch(/StrictHostKeyChecking (no|accept-new)/)
    expect(
      renderSshClientConfig({ host: 'h', port: 22, user: 'u' }, { knownHosts: '/tmp/x/known_hosts' }),
    ).not.toContain('Control')
  })

  it('puts the control socket in the private folder only when the path fits a Unix socket', () => {
    expect(controlPathIn('/home/runner/work/_temp/pk-deploy-AbC123/ssh-XyZ789')).toBe(
      '/home/runner/work/_temp/pk-deploy-AbC123/ssh-XyZ789/cm',
    )
    expect(controlPathIn(`/${'d'.repeat(90)}/ssh-XyZ789`)).toBeUndefined()
  })

  it('requires known-hosts lines in known_hosts format', () => {
    expect(() => validateKnownHosts('', 'deploy@h:22')).toThrow(
      /Input known-hosts is required to deploy to deploy@h:22/,
    )
    expect(() => validateKnownHosts('# only a comment\n', 'x')).toThrow(/required/)
    expect(() => validateKnownHosts('h not-a-key', 'x')).toThrow(/line 1 is not a known_hosts entry/)
    expect(validateKnownHosts('[h]:2222 ssh-ed25519 AAAA\n@cert-authority * ssh-rsa AAAA', 'x')).toBe(
      '[h]:2222 ssh-ed25519 AAAA\n@cert-authority * ssh-rsa AAAA\n',
    )
  })

  it('refuses hosts and users that could inject configuration', () => {
    expect(() => validateTarget({ host: 'h\n  ProxyCommand x', port: 22, user: 'u' })).toThrow(/Input host/)
    expect(() => validateTarget({ host: 'h', port: 22, user: 'u -oProxyCommand' })).toThrow(/Input user/)
    expect(() => validateTarget({ host: 'deploy.example.com', port: 22, user: 'deploy' })).not.toThrow()
  })

  it('explains host key, auth and reachability failures', () => {
    const failure = (stderr: string) =>
      new ProcessError(`ssh exited with code 255:\n${stderr}`, {
        command: 'ssh',
        args: [],
        exitCode: 255,
        signal: null,
        stdout: '',
        stderr,
        durationMs: 1,
        timedOut: false,
      })
    expect(String(explainSshFailure(failure('Host key verification failed.'), 'u@h:22'))).toMatch(
      /host key of u@h:22 does not match input known-hosts/,
    )
    expect(String(explainSshFailure(failure('u@h: Permission denied (publickey).'), 'u@h:22'))).toMatch(
      /refused \(publickey\): check inputs ssh-key and user/,
    )
    expect(
      String(explainSshFailure(failure('ssh: connect to host h port 22: Connection refused'), 'u@h:22')),
    ).toMatch(/Cannot reach u@h:22 over ssh: ssh: connect to host h port 22: Connection refused/)
  })
})
