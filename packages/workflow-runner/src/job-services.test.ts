import { describe, expect, it } from 'vitest'
import type { ProcessResult } from '@pipeline-kit/common'
import type { DockerRunner } from '@pipeline-kit/docker'
import { createJobNetwork, startService, waitForHealthy } from './job-services'

/** A docker CLI that records its calls and answers from `reply` (exit 0, empty output by default). */
function fakeCli(reply: (args: readonly string[]) => Partial<ProcessResult> = () => ({})) {
  const calls: { args: readonly string[]; env?: Readonly<Record<string, string | undefined>> }[] = []
  const cli: DockerRunner = async (args, options) => {
    calls.push({ args, env: options?.env })
    return {
      command: 'docker',
      args,
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      durationMs: 0,
      timedOut: false,
      ...reply(args),
    }
  }
  return { cli, calls }
}

describe('createJobNetwork', () => {
  it('creates a github_network_<id> bridge', async () => {
    const { cli, calls } = fakeCli()
    const network = await createJobNetwork(cli)
    expect(network.network).toMatch(/^github_network_[0-9a-f]{32}$/)
    expect(network.warning).toBeUndefined()
    expect(calls[0]!.args.slice(0, 2)).toEqual(['network', 'create'])
  })

  it('falls back to the host network with a warning when the engine cannot create one', async () => {
    const { cli } = fakeCli(() => ({
      exitCode: 1,
      stderr: 'could not find plugin bridge in v1 plugin registry',
    }))
    const network = await createJobNetwork(cli)
    expect(network).toMatchObject({ network: 'host', shared: true })
    expect(network.warning).toMatch(/could not find plugin bridge.*host network.*127\.0\.0\.1/)
  })
})

describe('startService', () => {
  const spec = {
    image: 'web:1',
    env: { TOKEN: 's3cret' },
    ports: ['80'],
    volumes: [],
    options: ['--health-cmd', 'true'],
  }

  it('creates it with the service id as network alias, env values outside argv, then starts it', async () => {
    const { cli, calls } = fakeCli((args) =>
      args[0] === 'port' ? { stdout: '80/tcp -> 0.0.0.0:32768\n' } : {},
    )
    const service = await startService(cli, 'web', spec, 'github_network_x')
    const create = calls.find((c) => c.args[0] === 'create')!
    expect(create.args).toEqual(
      expect.arrayContaining([
        '--network',
        'github_network_x',
        '--network-alias',
        'web',
        '-p',
        '80',
        '-e',
        'TOKEN',
        '--health-cmd',
        'true',
      ]),
    )
    expect(create.args.join(' ')).not.toContain('s3cret')
    expect(create.env).toEqual({ TOKEN: 's3cret' })
    expect(create.args.at(-1)).toBe('web:1')
    expect(service.ports).toEqual({ '80': '32768' })
  })

  it('gives no alias on the host network (it has none)', async () => {
    const { cli, calls } = fakeCli()
    await startService(cli, 'web', spec, 'host')
    expect(calls.find((c) => c.args[0] === 'create')!.args).not.toContain('--network-alias')
  })
})

describe('waitForHealthy', () => {
  it('polls until healthy', async () => {
    const states = ['running starting', 'running starting', 'running healthy']
    const { cli, calls } = fakeCli(() => ({ stdout: states.shift() ?? 'running healthy' }))
    await waitForHealthy(cli, { id: 'db', container: 'c', ports: {} })
    expect(calls).toHaveLength(3)
  })

  it('is ready at once without a health check, and fails on unhealthy or a stopped container', async () => {
    await expect(
      waitForHealthy(fakeCli(() => ({ stdout: 'running ' })).cli, { id: 'db', container: 'c', ports: {} }),
    ).resolves.toBeUndefined()
    await expect(
      waitForHealthy(fakeCli(() => ({ stdout: 'running unhealthy' })).cli, {
        id: 'db',
        container: 'c',
        ports: {},
      }),
    ).rejects.toThrow('service db is unhealthy')
    await expect(
      waitForHealthy(fakeCli(() => ({ stdout: 'exited ' })).cli, { id: 'db', container: 'c', ports: {} }),
    ).rejects.toThrow('service db is not running (exited)')
  })
})
