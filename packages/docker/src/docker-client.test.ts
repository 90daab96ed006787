import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRecordingLogger, ProcessError, UserError, type ProcessResult } from '@pipeline-kit/common'
import { containerLogs, inspectContainer, parseContainerState, removeContainer } from './containers'
import { explainDockerFailure, openDockerConnection, validateKnownHosts } from './connection'
import { createDockerRunner, type DockerRunner } from './docker-runner'
import { streamImageSave } from './image-save'

// A `docker` on PATH that records what it was given: each argument on its own line, stdin,
// and the environment the client sets up (DOCKER_CONFIG and its mode, the ssh config).
const FAKE_DOCKER = `#!/bin/sh
{
  echo "--- call"
  for a in "$@"; do printf 'arg:%s\\n' "$a"; done
  printf 'stdin:%s\\n' "$(cat)"
  printf 'DOCKER_HOST=%s\\n' "$DOCKER_HOST"
  if [ -n "$DOCKER_CONFIG" ]; then printf 'DOCKER_CONFIG=%s mode=%s\\n' "$DOCKER_CONFIG" "$(stat -c %a "$DOCKER_CONFIG")"; fi
  if [ -n "$PK_SWARM_SSH_CONFIG" ]; then
    printf 'ssh-config mode=%s\\n' "$(stat -c %a "$PK_SWARM_SSH_CONFIG")"
    for f in "$(dirname "$PK_SWARM_SSH_CONFIG")"/*; do printf 'ssh-file %s mode=%s\\n' "$(basename "$f")" "$(stat -c %a "$f")"; done
  fi
} >> "$FAKE_DOCKER_LOG"
case "$1" in
  save) printf 'archive-bytes'; [ "$2" = missing ] && { echo "no such image: $2" >&2; exit 1; }; exit 0 ;;
  fail) echo "denied for $2" >&2; exit 3 ;;
  pull) [ -f "$FAKE_DOCKER_LOG.pulled" ] && exit 0; : > "$FAKE_DOCKER_LOG.pulled"
    echo 'received unexpected HTTP status: 503 Service Unavailable' >&2; exit 1 ;;
esac
exit 0
`

let dir: string
let log: string
const savedPath = process.env.PATH

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pk-docker-client-'))
  writeFileSync(join(dir, 'docker'), FAKE_DOCKER, { mode: 0o755 })
  chmodSync(join(dir, 'docker'), 0o755)
  log = join(dir, 'calls.log')
  process.env.PATH = `${dir}:${savedPath}`
  process.env.FAKE_DOCKER_LOG = log
})
afterAll(() => {
  process.env.PATH = savedPath
  delete process.env.FAKE_DOCKER_LOG
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => writeFileSync(log, ''))

const recorded = () => readFileSync(log, 'utf8')
const argsOf = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('arg:'))
    .map((l) => l.slice(4))

describe('createDockerRunner', () => {
  it('passes arguments as an array, never through a shell', async () => {
    const docker = createDockerRunner()
    const odd = ['run', '--label', 'a b', '$(touch /tmp/pk-pwned)', "it's", '--', '`id`;|&']
    await docker(odd)
    expect(argsOf(recorded())).toEqual(odd)
  })

  it('writes input to stdin and adds the settings and call environment', async () => {
    const docker = createDockerRunner({ env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } })
    await docker(['login', '--password-stdin'], { input: 'from-stdin' })
    expect(recorded()).toContain('stdin:from-stdin\n')
    expect(recorded()).toContain('DOCKER_HOST=tcp://127.0.0.1:1\n')
  })

  it('replaces secrets by *** in the error of a failed call', async () => {
    const docker = createDockerRunner({ secrets: () => ['s3cr3t'] })
    const error = await docker(['fail', 's3cr3t']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProcessError)
    expect((error as Error).message).toContain('denied for ***')
    expect((error as Error).message).not.toContain('s3cr3t')
  })

  it('retries a registryOperation after a transient registry failure, logging the attempt', async () => {
    const logger = createRecordingLogger()
    const docker = createDockerRunner({ retryLog: logger })
    const result = await docker(['pull', 'app:1'], {
      registryOperation: 'docker pull app:1',
      okExitCodes: 'any',
    })
    expect(result.exitCode).toBe(0)
    expect(result.attempts).toBe(2)
    expect(recorded().split('--- call')).toHaveLength(3)
    expect(logger.lines.map((l) => l.message).join('\n')).toContain(
      'docker pull app:1 failed on attempt 1 of 4 (HTTP 503 Service Unavailable); retrying',
    )
  })
})

describe('openDockerConnection', () => {
  const registry = { server: '127.0.0.1:5999', username: 'ci', password: 'pa55-w0rd' }

  it('logs in with the password on stdin only, into a 0700 DOCKER_CONFIG removed by close()', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'pk-docker-conn-'))
    try {
      const connection = await openDockerConnection({ registry }, createRecordingLogger(), temp)
      const text = recorded()
      expect(argsOf(text)).toEqual(['login', '--username', 'ci', '--password-stdin', '--', '127.0.0.1:5999'])
      expect(argsOf(text).join(' ')).not.toContain('pa55-w0rd')
      expect(text).toContain('stdin:pa55-w0rd\n')
      const config = /DOCKER_CONFIG=(\S+) mode=(\d+)/.exec(text)
      expect(config?.[2]).toBe('700')
      expect(config?.[1]?.startsWith(temp)).toBe(true)
      expect(existsSync(config![1]!)).toBe(true)
      await connection.run(['info'])
      expect(recorded()).toContain(`DOCKER_CONFIG=${config![1]} mode=700`)
      connection.close()
      expect(existsSync(config![1]!)).toBe(false)
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it('runs ssh:// hosts with a generated 0600 ssh config and key, removed by close()', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'pk-docker-conn-'))
    try {
      const connection = await openDockerConnection(
        {
          dockerHost: 'ssh://deploy@127.0.0.1:2222',
          knownHosts: '[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample',
          sshKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n-----END OPENSSH PRIVATE KEY-----\n',
        },
        createRecordingLogger(),
        temp,
      )
      await connection.run(['version'])
      const text = recorded()
      expect(text).toContain('DOCKER_HOST=ssh://deploy@127.0.0.1:2222\n')
      expect(text).toContain('ssh-config mode=600\n')
      expect(text).not.toMatch(/ssh-file \S+ mode=(?!600)/)
      expect(text).not.toContain('BEGIN OPENSSH')
      expect(connection.hostLabel).toBe('ssh://deploy@127.0.0.1:2222')
      connection.close()
      expect(readdir(temp)).toEqual([])
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it('refuses an ssh:// host without known hosts, leaving nothing behind', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'pk-docker-conn-'))
    try {
      await expect(
        openDockerConnection({ dockerHost: 'ssh://deploy@h' }, createRecordingLogger(), temp),
      ).rejects.toThrow(UserError)
      expect(readdir(temp)).toEqual([])
      expect(recorded()).toBe('')
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

const readdir = (path: string) => readdirSync(path)

describe('containers', () => {
  const answer = (result: Partial<ProcessResult>): DockerRunner => {
    return async (args) => ({
      command: 'docker',
      args,
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      durationMs: 0,
      timedOut: false,
      ...result,
    })
  }
  const inspected = JSON.stringify({
    Id: 'abc123',
    Name: '/web-green',
    Config: { Image: 'app:2', Labels: { 'pk.slot': 'green' } },
    State: {
      Status: 'running',
      Running: true,
      ExitCode: 0,
      StartedAt: '2026-12-04T20:00:00Z',
      Health: { Status: 'unhealthy', Log: [{ Output: 'first\n' }, { Output: ' curl: refused \n' }] },
    },
  })

  it('parses docker container inspect', () => {
    expect(parseContainerState(inspected)).toEqual({
      id: 'abc123',
      name: 'web-green',
      image: 'app:2',
      labels: { 'pk.slot': 'green' },
      status: 'running',
      running: true,
      exitCode: 0,
      health: 'unhealthy',
      healthOutput: 'curl: refused',
      startedAt: '2026-12-04T20:00:00Z',
    })
  })

  it('parses a container without labels or HEALTHCHECK', () => {
    const state = parseContainerState(
      JSON.stringify({
        Id: 'x',
        Name: '/x',
        Config: { Image: 'i', Labels: null },
        State: { Status: 'exited', Running: false, ExitCode: 2 },
      }),
    )
    expect(state).toMatchObject({ labels: {}, health: undefined, healthOutput: undefined, exitCode: 2 })
  })

  it('inspects by name: undefined for none, a UserError for another failure', async () => {
    expect((await inspectContainer(answer({ stdout: inspected }), 'web-green'))?.id).toBe('abc123')
    expect(
      await inspectContainer(answer({ exitCode: 1, stderr: 'Error: No such container: web' }), 'web'),
    ).toBeUndefined()
    await expect(
      inspectContainer(answer({ exitCode: 1, stderr: 'permission denied' }), 'web'),
    ).rejects.toThrow('docker container inspect web failed: permission denied')
  })

  it('reads logs and removes containers through the runner', async () => {
    const docker = createDockerRunner()
    await containerLogs(docker, 'web', 30)
    expect(argsOf(recorded())).toEqual(['logs', '--tail', '30', 'web'])
    writeFileSync(log, '')
    expect(await removeContainer(docker, 'web')).toBe(true)
    expect(argsOf(recorded())).toEqual(['rm', '-f', 'web'])
  })
})

describe('streamImageSave', () => {
  it('streams docker save into the consumer, and fails with its error output', async () => {
    const read = async (archive: Readable) => {
      let text = ''
      for await (const chunk of archive) text += String(chunk)
      return text
    }
    expect(await streamImageSave('app:1', read)).toBe('archive-bytes')
    expect(argsOf(recorded())).toEqual(['save', 'app:1'])
    await expect(streamImageSave('missing', read)).rejects.toThrow(
      'docker save missing failed (exit 1): no such image: missing',
    )
  })
})

describe('ssh:// managers', () => {
  it('requires known-hosts and checks its lines', () => {
    expect(() => validateKnownHosts('', 'ssh://u@h')).toThrow(
      'Input known-hosts is required when docker-host is ssh://u@h',
    )
    expect(() => validateKnownHosts('h ssh-ed25519', 'ssh://u@h')).toThrow(
      'Input known-hosts line 1 is not a known_hosts entry',
    )
    expect(
      validateKnownHosts('# c\n[h]:2222 ssh-ed25519 AAAA\n@cert-authority *.x ssh-rsa BBBB', 'ssh://u@h'),
    ).toBe('[h]:2222 ssh-ed25519 AAAA\n@cert-authority *.x ssh-rsa BBBB\n')
  })

  it('turns ssh failures into messages that say what to fix', () => {
    const hostKey = explainDockerFailure(
      new Error('docker exited with code 1:\nHost key verification failed.'),
      'ssh://u@h:22',
    ) as Error
    expect(hostKey.message).toMatch(/^The host key of ssh:\/\/u@h:22 does not match input known-hosts/)
    const auth = explainDockerFailure(new Error('Permission denied (publickey).'), 'ssh://u@h') as Error
    expect(auth.message).toContain('check input ssh-key')
  })
})
