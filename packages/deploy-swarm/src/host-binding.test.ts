import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import { deploySwarmService } from './deploy-service'
import { createFakeSwarm } from './fake-swarm.test-helper'
import { describeHostBinding, fitUpdateOrder, networkingOfInputs } from './host-binding'
import { DEFAULT_ROLLING_UPDATE } from './options'
import { parseServiceInspect } from './swarm-state'

describe('which services cannot run two tasks on one node', () => {
  it.each([
    [[], [], undefined],
    [['overlay-net'], ['published=8080,target=80'], undefined],
    [[], ['8080:80'], undefined],
    [[], ['published=8080,target=80,mode=ingress'], undefined],
    [[], ['target=80,mode=host'], undefined], // no published port: the engine picks a free one per task
    [['host'], [], "runs on the host's network"],
    [[' host '], [], "runs on the host's network"],
    [[], ['published=8080,target=80,mode=host'], 'publishes port 8080 in host mode'],
    [
      [],
      ['mode=host,target=80,published=8080', 'published=8443,target=443,mode=host'],
      'publishes ports 8080, 8443 in host mode',
    ],
  ])('networks %j, publish %j: %s', (networks, publish, expected) => {
    expect(describeHostBinding(networkingOfInputs(networks, publish))).toBe(expected)
  })

  it('reads the networks and host-mode ports of an existing service from docker service inspect', () => {
    // Spec fields as docker service inspect printed them for
    // `docker service create --network host --publish published=18099,target=80,mode=host …`.
    const [state] = parseServiceInspect(
      JSON.stringify([
        {
          ID: 'qdstje3pg5o363kwfnm84pzf0',
          Version: { Index: 11 },
          Spec: {
            Name: 'pk-rs-probe',
            TaskTemplate: {
              ContainerSpec: { Image: 'busybox:none' },
              Networks: [{ Target: 'xbtdfcd24mnw58elddm5ufdmj' }],
            },
            Mode: { Replicated: { Replicas: 0 } },
            EndpointSpec: {
              Mode: 'vip',
              Ports: [
                { Protocol: 'tcp', TargetPort: 80, PublishedPort: 18099, PublishMode: 'host' },
                { Protocol: 'tcp', TargetPort: 81, PublishedPort: 18100, PublishMode: 'ingress' },
              ],
            },
          },
        },
      ]),
    )
    expect(state).toMatchObject({ networkTargets: ['xbtdfcd24mnw58elddm5ufdmj'], hostModePorts: [18099] })
  })
})

describe('fitUpdateOrder', () => {
  it('turns start-first into stop-first for a host-bound service and says why and what to set', () => {
    const fitted = fitUpdateOrder('web', DEFAULT_ROLLING_UPDATE, "runs on the host's network")
    expect(fitted.update).toEqual({ ...DEFAULT_ROLLING_UPDATE, order: 'stop-first' })
    expect(fitted.warning).toBe(
      "Service web runs on the host's network, so a new replica cannot start on a node while the old one holds the port there: " +
        'with update-order start-first the new task could not bind it and the update would fail and roll back. ' +
        'Updating stop-first instead: each old replica stops before its replacement starts, a short gap per replica. ' +
        'Set update-order: stop-first to make that the setting (and silence this warning).',
    )
  })
  it('leaves every other combination alone, without a warning', () => {
    const stopFirst = { ...DEFAULT_ROLLING_UPDATE, order: 'stop-first' as const }
    expect(fitUpdateOrder('web', stopFirst, "runs on the host's network")).toEqual({ update: stopFirst })
    expect(fitUpdateOrder('web', DEFAULT_ROLLING_UPDATE, undefined)).toEqual({
      update: DEFAULT_ROLLING_UPDATE,
    })
  })
})

describe('deploySwarmService on a host-bound service', () => {
  const deps = (fake: ReturnType<typeof createFakeSwarm>) => {
    let clock = 0
    return {
      logger: createRecordingLogger(),
      docker: fake.connection,
      now: () => clock,
      sleep: async (ms: number) => void (clock += ms),
      pollIntervalMs: 1000,
    }
  }
  const base = { service: 'web', image: 'app:v2', update: { delayMs: 0 }, convergenceTimeoutMs: 10_000 }
  const order = (call: readonly string[]) => [
    call[call.indexOf('--update-order') + 1],
    call[call.indexOf('--rollback-order') + 1],
  ]

  it('updates an existing service on the host network stop-first, warning before anything changes', async () => {
    const fake = createFakeSwarm({
      existing: { image: 'app:v1', replicas: 1, networks: { xbtdfcd24mnw58elddm5ufdmj: 'host' } },
    })
    const d = deps(fake)
    await deploySwarmService(base, d)
    const inspectAt = fake.calls.findIndex((c) => c[0] === 'network')
    const updateAt = fake.calls.findIndex((c) => c[1] === 'update')
    expect(fake.calls[inspectAt]).toEqual([
      'network',
      'inspect',
      '--format',
      '{{.Driver}}',
      '--',
      'xbtdfcd24mnw58elddm5ufdmj',
    ])
    expect(inspectAt).toBeLessThan(updateAt)
    expect(order(fake.calls[updateAt]!)).toEqual(['stop-first', 'stop-first'])
    expect(d.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(/^Service web runs on the host's network, so a new replica cannot start/),
    ])
  })

  it('creates a service with a host-mode port stop-first', async () => {
    const fake = createFakeSwarm()
    const d = deps(fake)
    await deploySwarmService({ ...base, publish: ['published=8080,target=80,mode=host'] }, d)
    expect(order(fake.calls.find((c) => c[1] === 'create')!)).toEqual(['stop-first', 'stop-first'])
    expect(d.logger.lines.find((l) => l.level === 'warning')?.message).toMatch(
      /^Service web publishes port 8080 in host mode, so/,
    )
  })

  it('keeps start-first, without a warning, for a service on an overlay network', async () => {
    const fake = createFakeSwarm({
      existing: { image: 'app:v1', replicas: 2, networks: { n0verlay: 'overlay' } },
    })
    const d = deps(fake)
    await deploySwarmService(base, d)
    expect(order(fake.calls.find((c) => c[1] === 'update')!)).toEqual(['start-first', 'start-first'])
    expect(d.logger.lines.filter((l) => l.level === 'warning')).toEqual([])
  })
})
