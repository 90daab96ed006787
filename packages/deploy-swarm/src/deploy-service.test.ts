import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import { deploySwarmService } from './deploy-service'
import { SwarmDeployError, type SwarmDeps } from './deploy-context'
import { createFakeSwarm, type FakeSwarmOptions } from './fake-swarm.test-helper'
import { rollbackSwarm } from './rollback'

function setup(options: FakeSwarmOptions = {}, extra: Partial<SwarmDeps> = {}) {
  const fake = createFakeSwarm(options)
  let clock = 0
  const logger = createRecordingLogger()
  const deps: SwarmDeps = {
    logger,
    docker: fake.connection,
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    pollIntervalMs: 1000,
    ...extra,
  }
  return { fake, deps, logger }
}

const base = { service: 'web', image: 'app:v2', update: { delayMs: 0 }, convergenceTimeoutMs: 10_000 }

describe('deploySwarmService', () => {
  it('updates an existing service with argument arrays and reports replicas and the previous image', async () => {
    const { fake, deps, logger } = setup({ existing: { image: 'app:v1', replicas: 2 } })
    const result = await deploySwarmService(base, deps)
    expect(result).toMatchObject({ image: 'app:v2', previousImage: 'app:v1', replicas: 2, rolledBack: false })
    const update = fake.calls.find((c) => c[1] === 'update')!
    expect(update.slice(0, 7)).toEqual([
      'service',
      'update',
      '--detach',
      '--quiet',
      '--with-registry-auth',
      '--image',
      'app:v2',
    ])
    expect(update).toContain('--update-failure-action')
    expect(update.slice(-2)).toEqual(['--', 'web'])
    expect(fake.calls[0]).toEqual([
      'info',
      '--format',
      '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}',
    ])
    expect(logger.lines.map((l) => l.message)).toContain(
      'web: 2/2 replicas updated to app:v2 (engine: completed)',
    )
    expect(result.timeline.map((e) => e.step)).toEqual(['manager check', 'update', 'converge'])
    expect(result.engineConvergenceMs).toBeGreaterThanOrEqual(0)
  })

  it('creates the service when it does not exist, with the inputs as flags', async () => {
    const { fake, deps } = setup()
    const result = await deploySwarmService(
      { ...base, replicas: 3, publish: ['published=8080,target=80'] },
      deps,
    )
    expect(result.services[0]).toMatchObject({ created: true, replicas: 3, desiredReplicas: 3 })
    const create = fake.calls.find((c) => c[1] === 'create')!
    expect(create).toEqual(
      expect.arrayContaining(['--name', 'web', '--replicas', '3', '--publish', 'published=8080,target=80']),
    )
    expect(create.slice(-2)).toEqual(['--', 'app:v2'])
  })

  it('fails with what the engine rolled back to when the update fails', async () => {
    const { deps } = setup({ existing: { image: 'app:v1', replicas: 2 }, updateFails: true })
    const error = (await deploySwarmService(base, deps).catch((e: unknown) => e)) as SwarmDeployError
    expect(error).toBeInstanceOf(SwarmDeployError)
    expect(error.message).toMatch(
      /^The rolling update of web to app:v2 failed \(the engine rolled the update back/,
    )
    expect(error.message).toContain('the engine rolled web back to app:v1 (2/2 replicas running)')
    expect(error.result).toMatchObject({ rolledBack: true, previousImage: 'app:v1' })
  })

  it('rolls back with docker service rollback when the smoke checks fail', async () => {
    const { fake, deps } = setup(
      { existing: { image: 'app:v1', replicas: 2 } },
      { verify: async () => ({ ok: false, message: 'expected 200, got 502' }) },
    )
    const error = (await deploySwarmService(base, deps).catch((e: unknown) => e)) as SwarmDeployError
    expect(error.message).toMatch(
      /^Smoke checks failed after web converged on app:v2: expected 200, got 502\. Rolled web back to app:v1/,
    )
    expect(fake.calls).toContainEqual(['service', 'rollback', '--detach', '--quiet', '--', 'web'])
    expect(fake.state().service?.image).toBe('app:v1')
  })

  it('a throwing smoke check counts as failed', async () => {
    const { deps } = setup(
      { existing: { image: 'app:v1', replicas: 1 } },
      {
        verify: async () => {
          throw new Error('connect ECONNREFUSED')
        },
      },
    )
    await expect(deploySwarmService(base, deps)).rejects.toThrow(
      'Smoke checks failed after web converged on app:v2: connect ECONNREFUSED',
    )
  })

  it('rolls back when the update does not converge before the deadline', async () => {
    const { fake, deps } = setup({ existing: { image: 'app:v1', replicas: 2 }, updateHangs: true })
    const error = (await deploySwarmService({ ...base, convergenceTimeoutMs: 3_000 }, deps).catch(
      (e: unknown) => e,
    )) as Error
    expect(error.message).toMatch(
      /^The rolling update of web to app:v2 failed: web did not converge within 3\.0s/,
    )
    expect(error.message).toContain('Rolled web back to app:v1')
    expect(fake.calls.some((c) => c[1] === 'rollback')).toBe(true)
  })

  it('removes a service it created when the smoke checks fail', async () => {
    const { fake, deps } = setup({}, { verify: async () => ({ ok: false, message: 'no' }) })
    await expect(deploySwarmService(base, deps)).rejects.toThrow(
      'Removed the new service web; nothing ran there before',
    )
    expect(fake.calls).toContainEqual(['service', 'rm', '--', 'web'])
  })

  it('stops before any change when the engine is not a manager', async () => {
    const { fake, deps } = setup({ manager: 'worker', existing: { image: 'app:v1', replicas: 1 } })
    await expect(deploySwarmService(base, deps)).rejects.toThrow(
      'Provider swarm needs a swarm manager, but the engine at the fake engine is not one: it is a swarm worker',
    )
    expect(fake.calls).toHaveLength(1)
  })

  it('an update that changes nothing waits for the tasks only', async () => {
    const { deps } = setup({ existing: { image: 'app:v2', replicas: 2 } })
    const result = await deploySwarmService(base, deps)
    expect(result).toMatchObject({ replicas: 2, previousImage: 'app:v2', rolledBack: false })
  })

  it('scaling without a new image is not mistaken for a rolling update', async () => {
    const { deps, fake } = setup({ existing: { image: 'app:v2', replicas: 2 } })
    const result = await deploySwarmService({ ...base, replicas: 3 }, deps)
    expect(result).toMatchObject({ replicas: 3, rolledBack: false })
    expect(fake.calls.some((c) => c[1] === 'rollback')).toBe(false)
  })

  it('validates inputs before connecting', async () => {
    const { fake, deps } = setup()
    await expect(deploySwarmService({ ...base, service: '-web' }, deps)).rejects.toThrow(
      'Input service has an invalid value "-web"',
    )
    await expect(deploySwarmService({ ...base, image: 'app v2' }, deps)).rejects.toThrow(
      'Input image has an invalid value "app v2"',
    )
    await expect(deploySwarmService({ ...base, replicas: -1 }, deps)).rejects.toThrow(
      'Input replicas has an invalid value -1',
    )
    await expect(deploySwarmService({ ...base, env: { 'A-B': 'x' } }, deps)).rejects.toThrow(
      'Input env has an invalid entry "A-B"',
    )
    expect(fake.calls).toEqual([])
  })
})

describe('rollbackSwarm', () => {
  it('rolls a service back to its previous definition', async () => {
    const { deps } = setup({ existing: { image: 'app:v1', replicas: 2 } })
    await deploySwarmService(base, deps)
    const result = await rollbackSwarm({ service: 'web' }, deps)
    expect(result).toMatchObject({
      mode: 'rollback',
      image: 'app:v1',
      previousImage: 'app:v2',
      rolledBack: true,
      replicas: 2,
    })
  })

  it('refuses to roll back twice in a row', async () => {
    const { deps } = setup({ existing: { image: 'app:v1', replicas: 2 } })
    await deploySwarmService(base, deps)
    await rollbackSwarm({ service: 'web' }, deps)
    await expect(rollbackSwarm({ service: 'web' }, deps)).rejects.toThrow(
      'Nothing to roll back: service web was already rolled back (it runs app:v1); rolling back again would bring back app:v2',
    )
  })

  it('says when there is nothing to roll back', async () => {
    const { deps } = setup({ existing: { image: 'app:v1', replicas: 2 } })
    await expect(rollbackSwarm({ service: 'web' }, deps)).rejects.toThrow(
      'Nothing to roll back: service web has no previous definition',
    )
  })
})
