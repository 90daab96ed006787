import { spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecordingLogger } from '../../packages/common/src'
import { deploySwarmService, type SwarmServiceOptions } from '../../packages/deploy-swarm/src'
import { dockerRemove, needDocker, requireService, startFlakyProxy, type FlakyProxy } from '../services'
import {
  answers,
  buildServeImage,
  candidatePorts,
  ensureSwarmManager,
  randomPortBase,
  removeSwarmObjects,
} from './swarm-fixtures'
import { suiteId, useSwarmSuite } from './swarm-suite'
import { pushImage, registryAvailable, startTestRegistry, type TestRegistry } from './registry'
import { sshdAvailable, startTestSshd, type TestSshd } from './sshd'

const id = suiteId()
const image = `pk-swarm-conn-${id}:v1`
const service = `pk-swarm-conn-${id}`
const portBase = randomPortBase([260, 280])

const options = (extra: Partial<SwarmServiceOptions> = {}): SwarmServiceOptions => ({
  service,
  image,
  replicas: 1,
  networks: ['host'],
  env: { SLOT: '{{.Task.Slot}}', PORT_BASE: portBase },
  update: { delayMs: 0, monitorMs: 1_000 },
  convergenceTimeoutMs: 60_000,
  ...extra,
})

/**
 * An engine API that answers like a Docker engine outside swarm mode, so the real docker
 * CLI's `docker info` sees a plain (non-manager) engine without leaving the real swarm.
 */
function startPlainEngine(): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    res.setHeader('API-Version', '1.41')
    res.setHeader('Content-Type', 'application/json')
    if (req.url?.endsWith('/_ping')) return res.end('OK')
    if (req.url?.endsWith('/info')) {
      return res.end(
        JSON.stringify({
          ServerVersion: '20.10.24',
          Swarm: { LocalNodeState: 'inactive', ControlAvailable: false },
        }),
      )
    }
    res.statusCode = 404
    res.end(JSON.stringify({ message: `unexpected ${req.method} ${req.url}` }))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve({
        server,
        host: `tcp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      })
    }),
  )
}

describe.runIf(needDocker())('swarm provider: bad inputs and unsuitable engines', () => {
  it('rejects an invalid service name before touching the engine', async () => {
    await expect(
      deploySwarmService(options({ service: 'web.v2' }), { logger: createRecordingLogger() }),
    ).rejects.toThrow(
      "Input service has an invalid value \"web.v2\": expected 1–63 letters, digits, '-' or '_', starting and ending with a letter or digit",
    )
  })

  it('says the engine is not a swarm manager, naming docker-host', async () => {
    const engine = await startPlainEngine()
    try {
      await expect(
        deploySwarmService(options({ connection: { dockerHost: engine.host } }), {
          logger: createRecordingLogger(),
        }),
      ).rejects.toThrow(
        `Provider swarm needs a swarm manager, but the engine at ${engine.host} is not one: swarm mode is not enabled there`,
      )
    } finally {
      engine.server.close()
    }
  })

  it('says when the engine cannot be reached', async () => {
    await expect(
      deploySwarmService(options({ connection: { dockerHost: 'tcp://127.0.0.1:9' } }), {
        logger: createRecordingLogger(),
      }),
    ).rejects.toThrow('Cannot reach the Docker engine at tcp://127.0.0.1:9')
  })

  it('refuses an ssh:// manager without known-hosts', async () => {
    await expect(
      deploySwarmService(options({ connection: { dockerHost: 'ssh://deploy@manager.example' } }), {
        logger: createRecordingLogger(),
      }),
    ).rejects.toThrow('Input known-hosts is required when docker-host is ssh://deploy@manager.example')
  })
})

describe.runIf(needDocker() && requireService('sshd', sshdAvailable, 'install openssh-server'))(
  'swarm provider: DOCKER_HOST=ssh:// with verified host keys (real sshd on loopback)',
  () => {
    let sshd: TestSshd
    useSwarmSuite({ images: [{ tag: image, body: 'over ssh' }], services: [service] })
    beforeAll(async () => {
      sshd = await startTestSshd()
    })
    afterAll(() => {
      sshd?.stop()
    })

    it('refuses a manager whose host key does not match known-hosts', async () => {
      const dockerHost = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`
      await expect(
        deploySwarmService(
          options({ connection: { dockerHost, knownHosts: sshd.wrongKnownHosts, sshKey: sshd.clientKey } }),
          { logger: createRecordingLogger() },
        ),
      ).rejects.toThrow(`The host key of ${dockerHost} does not match input known-hosts`)
    })

    it('deploys through the manager when the host key is the known one', async () => {
      const dockerHost = `ssh://${sshd.user}@127.0.0.1:${sshd.port}`
      const result = await deploySwarmService(
        options({ connection: { dockerHost, knownHosts: sshd.knownHosts, sshKey: sshd.clientKey } }),
        { logger: createRecordingLogger() },
      )
      expect(result.services[0]).toMatchObject({ service, created: true, replicas: 1 })
      expect(result.timeline[0]).toMatchObject({ step: 'connect', detail: dockerHost })
      expect(await answers(candidatePorts(portBase, 1))).toEqual(['over ssh'])
    })
  },
)

describe.runIf(
  needDocker() &&
    requireService('docker-registry', registryAvailable, 'install docker-registry and apache2-utils'),
)('swarm provider: private registry credentials (real registry with htpasswd auth)', () => {
  let registry: TestRegistry
  let proxy: FlakyProxy
  const regService = `pk-swarm-reg-${id}`
  const flakyService = `pk-swarm-regflaky-${id}`
  const localImage = `pk-swarm-reg-${id}:v1`
  let remoteImage = ''
  const regBase = randomPortBase([280, 290])
  const flakyBase = randomPortBase([290, 300])
  beforeAll(async () => {
    ensureSwarmManager()
    buildServeImage(localImage, 'from the registry')
    registry = await startTestRegistry()
    proxy = await startFlakyProxy(registry.server)
    remoteImage = `${registry.server}/pk-swarm/app:${id}`
    pushImage(registry, localImage, remoteImage)
  })
  afterAll(async () => {
    const services = [regService, flakyService]
    removeSwarmObjects(services, [])
    await proxy?.stop()
    registry?.stop()
    // The node pulled the image by digest (untagged): wait for its tasks to stop, then remove it by repository.
    for (let i = 0; i < 100; i++) {
      const running = services.map(
        (name) =>
          spawnSync('docker', ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}`], {
            encoding: 'utf8',
          }).stdout,
      )
      if (!running.join('').trim()) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const pulled = [registry, proxy].filter(Boolean).flatMap(({ server }) =>
      spawnSync('docker', ['images', '-q', '--filter', `reference=${server}/pk-swarm/app`], {
        encoding: 'utf8',
      }).stdout.split('\n'),
    )
    dockerRemove('image', [localImage, ...new Set(pulled.filter(Boolean))])
  })

  it('retries the login while the registry answers 503, and logs which attempt worked', async () => {
    proxy.fail(2, { status: 503 }) // login, attempt 1: the ping and the credentials check
    const logger = createRecordingLogger()
    const result = await deploySwarmService(
      {
        ...options({ env: { SLOT: '{{.Task.Slot}}', PORT_BASE: flakyBase } }),
        service: flakyService,
        image: `${proxy.server}/pk-swarm/app:${id}`,
        connection: {
          registry: { server: proxy.server, username: registry.username, password: registry.password },
        },
      },
      { logger },
    )
    expect(result.services[0]).toMatchObject({ created: true, replicas: 1 })
    const lines = logger.lines.map((l) => l.message)
    expect(lines.filter((l) => l.startsWith(`docker login ${proxy.server}`))).toEqual([
      expect.stringMatching(
        /failed on attempt 1 of 4 \(HTTP 503 Service Unavailable\); retrying in \d+\.\ds$/,
      ),
      `docker login ${proxy.server} succeeded on attempt 2 of 4`,
    ])
    expect(proxy.failed().map((r) => `${r.method} ${r.outcome}`)).toEqual(['GET 503', 'GET 503'])
    expect(await answers(candidatePorts(flakyBase, 1))).toEqual(['from the registry'])
    expect(lines.join('\n')).not.toContain(registry.password)
  })

  it('logs in through stdin, forwards the credentials to the node, and never prints the password', async () => {
    const logger = createRecordingLogger()
    const result = await deploySwarmService(
      {
        ...options({ env: { SLOT: '{{.Task.Slot}}', PORT_BASE: regBase } }),
        service: regService,
        image: remoteImage,
        connection: {
          registry: { server: registry.server, username: registry.username, password: registry.password },
        },
      },
      { logger },
    )
    expect(result.services[0]).toMatchObject({ created: true, replicas: 1 })
    // The CLI could resolve the digest only with the credentials; the engine pinned it.
    expect(result.services[0]!.image).toMatch(
      new RegExp(`^${remoteImage.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`),
    )
    expect(await answers(candidatePorts(regBase, 1))).toEqual(['from the registry'])
    const log = logger.lines.map((l) => l.message).join('\n')
    expect(log).toContain(`Logged in to ${registry.server} as ${registry.username}`)
    expect(log).not.toContain(registry.password)
  })
})
