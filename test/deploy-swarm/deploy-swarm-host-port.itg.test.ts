import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle, type ActionRun } from '../harness'
import { buildHttpImage } from '../deploy/fixtures'
import { fetchBody } from '../deploy/http-fixtures'
import { dockerRemove, needDocker } from '../services'
import { candidatePorts, ensureSwarmManager, randomPortBase, removeSwarmObjects } from './swarm-fixtures'
import { suiteId } from './swarm-suite'

const id = suiteId()
const onHostNetwork = `pk-swarm-hostnet-${id}`
const withHostPort = `pk-swarm-hostport-${id}`
const images = { v1: `pk-swarm-oneport-${id}:v1`, v2: `pk-swarm-oneport-${id}:v2` }
// One fixed port for each service: neither can bind a second one beside it.
const [port, publishedPort] = candidatePorts(randomPortBase([130, 160]), 2) as [number, number]

/**
 * A service that serves on exactly one port of its node, deployed with the action's
 * default update-order (start-first), as the runner runs the bundle.
 */
describe.runIf(needDocker())('deploy action, provider swarm: services bound to one port of the node', () => {
  beforeAll(() => {
    ensureSwarmManager()
    buildHttpImage(images.v1, 'v1 healthy')
    buildHttpImage(images.v2, 'v2 healthy')
  })
  afterAll(() => {
    removeSwarmObjects([onHostNetwork, withHostPort], [])
    dockerRemove('image', Object.values(images))
  })

  const deploy = (service: string, image: string, inputs: Record<string, string>): Promise<ActionRun> =>
    runActionBundle({
      action: 'deploy',
      timeoutMs: 170_000,
      inputs: {
        provider: 'swarm',
        environment: 'review',
        track: 'false',
        'github-token': '',
        service,
        image,
        'update-delay': '0s',
        'update-monitor': '2s',
        'convergence-timeout': '60s',
        ...inputs,
      },
    })
  const warnings = (run: ActionRun) =>
    run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)

  it('on the host network: v1 → v2 updates stop-first with a warning instead of failing to bind', async () => {
    const inputs = { networks: 'host', env: `PORT=${port}` }
    const first = await deploy(onHostNetwork, images.v1, inputs)
    expect(first.failures).toEqual([])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v1 healthy')

    const second = await deploy(onHostNetwork, images.v2, inputs)
    expect(second.failures).toEqual([])
    expect(second.outputs).toMatchObject({ 'rolled-back': 'false', 'previous-image': images.v1 })
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
    expect(warnings(second)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Service ${onHostNetwork} runs on the host's network, so a new replica cannot start on a node while the old one holds the port there: .* Set update-order: stop-first`,
        ),
      ),
    ])
    const order = spawnSync(
      'docker',
      [
        'service',
        'inspect',
        '--format',
        '{{.Spec.UpdateConfig.Order}} {{.Spec.RollbackConfig.Order}}',
        onHostNetwork,
      ],
      { encoding: 'utf8' },
    )
    expect(order.stdout.trim()).toBe('stop-first stop-first')

    const explicit = await deploy(onHostNetwork, images.v1, { ...inputs, 'update-order': 'stop-first' })
    expect(explicit.failures).toEqual([])
    expect(warnings(explicit)).toEqual([])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v1 healthy')
  })

  it('with a port published in host mode: v1 → v2 updates stop-first instead of waiting for a free node', async () => {
    const inputs = { publish: `published=${publishedPort},target=8080,mode=host`, env: 'PORT=8080' }
    const first = await deploy(withHostPort, images.v1, inputs)
    expect(first.failures).toEqual([])
    const second = await deploy(withHostPort, images.v2, inputs)
    expect(second.failures).toEqual([])
    expect(second.outputs).toMatchObject({
      'rolled-back': 'false',
      'previous-image': images.v1,
      replicas: '1',
    })
    expect(warnings(second)).toEqual([
      expect.stringMatching(
        new RegExp(`^Service ${withHostPort} publishes port ${publishedPort} in host mode, so`),
      ),
    ])
  })
})
