import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '../../packages/common/src'
import {
  deploySwarmService,
  renderSwarmSummary,
  rollbackSwarm,
  SwarmDeployError,
  type SwarmServiceOptions,
} from '../../packages/deploy-swarm/src'
import { needDocker } from '../services'
import { answers, candidatePorts, failingCheck, randomPortBase } from './swarm-fixtures'
import { suiteId, useSwarmSuite } from './swarm-suite'

const id = suiteId()
const service = `pk-swarm-web-${id}`
const repo = `pk-swarm-web-${id}`
const images = { v1: `${repo}:v1`, v2: `${repo}:v2`, v3: `${repo}:v3`, v4: `${repo}:v4` }
const portBase = randomPortBase([220, 260])
const ports = candidatePorts(portBase, 2)

/** The options every step shares: 2 replicas on the host network, fast update windows. */
const serviceOptions = (image: string): SwarmServiceOptions => ({
  service,
  image,
  replicas: 2,
  networks: ['host'],
  env: { SLOT: '{{.Task.Slot}}', PORT_BASE: portBase },
  update: { delayMs: 0, monitorMs: 2_000 },
  convergenceTimeoutMs: 90_000,
})

describe.runIf(needDocker())('swarm provider: one service of 2 replicas on a real single-node swarm', () => {
  useSwarmSuite({
    images: [
      { tag: images.v1, body: 'v1' },
      { tag: images.v2, body: 'v2' },
      { tag: images.v3, body: 'v3', healthcheck: failingCheck },
      { tag: images.v4, body: 'v4' },
    ],
    services: [service],
  })

  it('creates the service from the inputs when it does not exist, and waits for both replicas', async () => {
    const logger = createRecordingLogger()
    const result = await deploySwarmService(serviceOptions(images.v1), { logger })
    expect(result.services[0]).toMatchObject({
      service,
      image: images.v1,
      created: true,
      replicas: 2,
      desiredReplicas: 2,
    })
    expect(result.previousImage).toBeUndefined()
    expect(result.rolledBack).toBe(false)
    expect(result.timeline.map((e) => e.step)).toEqual(['connect', 'manager check', 'create', 'converge'])
    const bodies = await answers(ports)
    expect(bodies).toEqual(['v1', 'v1'])
  })

  it('rolls out v2 replica by replica (stop-first: each replica holds a port of the node), and every answer afterwards is v2', async () => {
    const logger = createRecordingLogger()
    const seenDuringVerify: string[] = []
    const result = await deploySwarmService(serviceOptions(images.v2), {
      logger,
      verify: async () => {
        seenDuringVerify.push(...(await answers(ports)))
        return {
          ok: seenDuringVerify.every((b) => b === 'v2'),
          message: `answers: ${seenDuringVerify.join(',')}`,
        }
      },
    })
    expect(result).toMatchObject({
      image: images.v2,
      previousImage: images.v1,
      replicas: 2,
      rolledBack: false,
    })
    expect(seenDuringVerify).toEqual(['v2', 'v2'])
    expect(await answers(ports)).toEqual(['v2', 'v2'])
    // Progress lines as the replicas move over, and the engine's own update window.
    const progress = logger.lines.map((l) => l.message).filter((m) => m.includes('replicas updated to'))
    expect(progress.some((m) => m.includes(`2/2 replicas updated to ${images.v2}`))).toBe(true)
    expect(result.engineConvergenceMs).toBeGreaterThan(0)
    expect(result.timeline.map((e) => e.step)).toEqual([
      'connect',
      'manager check',
      'update',
      'converge',
      'verify',
    ])
    const summary = renderSwarmSummary(result)
    expect(summary).toContain(images.v1)
    expect(summary).toContain('| converge |')
  })

  it('an update to v3 whose health check fails is rolled back by the engine: v2 keeps serving, the call fails clearly', async () => {
    const logger = createRecordingLogger()
    const error = await deploySwarmService(serviceOptions(images.v3), { logger }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SwarmDeployError)
    const failure = error as SwarmDeployError
    expect(failure.message).toMatch(new RegExp(`The rolling update of ${service} to ${images.v3} failed`))
    expect(failure.message).toContain(`rolled ${service} back to ${images.v2}`)
    expect(failure.message).toContain('the new tasks never passed their health check')
    expect(failure.result).toMatchObject({ rolledBack: true, previousImage: images.v2, replicas: 2 })
    expect(await answers(ports)).toEqual(['v2', 'v2'])
    expect(renderSwarmSummary(failure.result, failure.message)).toContain('Rolled back:')
  })

  it('failing smoke checks after a converged update roll the service back with docker service rollback', async () => {
    const logger = createRecordingLogger()
    const error = await deploySwarmService(serviceOptions(images.v4), {
      logger,
      verify: async () => ({ ok: false, message: 'GET /health answered 503' }),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SwarmDeployError)
    const failure = error as SwarmDeployError
    expect(failure.message).toContain(
      `Smoke checks failed after ${service} converged on ${images.v4}: GET /health answered 503`,
    )
    expect(failure.message).toContain(`Rolled ${service} back to ${images.v2}`)
    expect(failure.result.rolledBack).toBe(true)
    expect(failure.result.timeline.map((e) => e.step)).toEqual([
      'connect',
      'manager check',
      'update',
      'converge',
      'verify',
      'rollback',
    ])
    expect(await answers(ports)).toEqual(['v2', 'v2'])
  })

  it('a manual rollback right after a rollback is refused, so the failed version cannot come back', async () => {
    const error = await rollbackSwarm({ service }, { logger: createRecordingLogger() }).catch(
      (e: unknown) => e,
    )
    expect((error as Error).message).toBe(
      `Nothing to roll back: service ${service} was already rolled back (it runs ${images.v2}); rolling back again ` +
        `would bring back ${images.v4}. Deploy the version you want instead.`,
    )
    expect(await answers(ports)).toEqual(['v2', 'v2'])
  })

  it('manual rollback (rollback: true) returns a healthy update to the previous image', async () => {
    await deploySwarmService(serviceOptions(images.v4), { logger: createRecordingLogger() })
    expect(await answers(ports)).toEqual(['v4', 'v4'])
    const result = await rollbackSwarm(
      { service, convergenceTimeoutMs: 90_000 },
      { logger: createRecordingLogger() },
    )
    expect(result).toMatchObject({
      mode: 'rollback',
      rolledBack: true,
      image: images.v2,
      previousImage: images.v4,
      replicas: 2,
    })
    expect(result.rollbackDetail).toContain(`Rolled ${service} back to ${images.v2}`)
    expect(await answers(ports)).toEqual(['v2', 'v2'])
  })

  it("an image that does not exist is rolled back with the engine's reason", async () => {
    const error = await deploySwarmService(serviceOptions(`${repo}:missing`), {
      logger: createRecordingLogger(),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SwarmDeployError)
    const message = (error as Error).message
    expect(message).toContain(`The rolling update of ${service} to ${repo}:missing failed`)
    expect(message).toMatch(/No such image/i)
    expect(await answers(ports)).toEqual(['v2', 'v2'])
  })
})
