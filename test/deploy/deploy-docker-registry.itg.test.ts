import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { pushImage, registryAvailable, startTestRegistry, type TestRegistry } from '../deploy-swarm/registry'
import {
  dockerRemove,
  manifestRequests,
  needDocker,
  requireService,
  startFlakyProxy,
  type FlakyProxy,
} from '../services'
import { buildHttpImage } from './fixtures'
import { fetchBody, freePort } from './http-fixtures'

const id = randomBytes(3).toString('hex')
const name = `pk-deploy-reg-${id}`
const local = `pk-deploy-reg-${id}:v1`
const repository = `pk-deploy/reg-${id}`

/** The step's output without the add-mask commands (the runner consumes those). */
const unmasked = (run: ActionRun) =>
  [run.stdout, run.stderr, run.summary]
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')

describe.runIf(
  needDocker() &&
    requireService('docker-registry', registryAvailable, 'apt-get install docker-registry apache2-utils'),
)('deploy action, provider docker: a private registry that fails at first', () => {
  let registry: TestRegistry
  let proxy: FlakyProxy
  let image = ''
  let port = 0

  beforeAll(async () => {
    registry = await startTestRegistry()
    proxy = await startFlakyProxy(registry.server)
    buildHttpImage(local, 'from the registry')
    // Pushed straight to the registry; the deploy reaches it only through the proxy.
    pushImage(registry, local, `${registry.server}/${repository}:v1`)
    image = `${proxy.server}/${repository}:v1`
    port = await freePort()
  })
  afterAll(async () => {
    spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' })
    dockerRemove('image', [local, image])
    await proxy?.stop()
    registry?.stop()
  })

  const deploy = (password: string): Promise<ActionRun> =>
    runActionBundle({
      action: 'deploy',
      inputs: {
        provider: 'docker',
        environment: 'review',
        track: 'false',
        'github-token': '',
        image,
        'container-name': name,
        network: 'host',
        switch: 'stop-start',
        ports: String(port),
        'ready-timeout': '30s',
        'smoke-urls': `http://127.0.0.1:${port}/`,
        registry: proxy.server,
        'registry-username': registry.username,
        'registry-password': password,
      },
    })

  it('retries the login after two 503s and the pull after a reset; the container serves the pulled image', async () => {
    proxy.fail(2, { status: 503 }) // login, attempt 1: the ping and the credentials check
    proxy.fail(1, { reset: true }, manifestRequests('HEAD', 'GET')) // pull, attempt 1
    const run = await deploy(registry.password)
    expect(run.failures).toEqual([])
    const lines = run.stdout.split('\n')
    const attempts = (operation: string) => lines.filter((l) => l.startsWith(operation))
    expect(attempts(`docker login ${proxy.server}`)).toEqual([
      expect.stringMatching(
        /failed on attempt 1 of 4 \(HTTP 503 Service Unavailable\); retrying in \d+\.\ds$/,
      ),
      `docker login ${proxy.server} succeeded on attempt 2 of 4`,
    ])
    expect(attempts(`docker pull ${image}`)).toEqual([
      expect.stringMatching(/failed on attempt 1 of 4 \(connection reset by peer\); retrying in \d+\.\ds$/),
      `docker pull ${image} succeeded on attempt 2 of 4`,
    ])
    expect(proxy.failed().map((r) => `${r.method} ${r.outcome}`)).toEqual([
      'GET 503',
      'GET 503',
      'HEAD reset',
    ])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 from the registry')
    expect(unmasked(run)).not.toContain(registry.password)
  })

  it('a wrong password is one attempt: a 401 is never retried', async () => {
    const before = proxy.requests.length
    const wrong = `wrong-${randomBytes(6).toString('hex')}`
    const run = await deploy(wrong)
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toBe(
      `Login to ${proxy.server} as ${registry.username} failed: Error response from daemon: login attempt to ` +
        `http://${proxy.server}/v2/ failed with status: 401 Unauthorized. Check inputs registry, registry-username and registry-password.`,
    )
    expect(run.stdout).not.toMatch(/on attempt \d/)
    expect(proxy.requests.slice(before).map((r) => `${r.method} ${r.outcome}`)).toEqual([
      'GET 401',
      'GET 401',
    ])
    expect(unmasked(run)).not.toContain(wrong)
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 from the registry')
  })
})
