import { describe, expect, it } from 'vitest'
import {
  DEFAULT_ROLLING_UPDATE,
  resolveConvergenceTimeout,
  resolveRollingUpdate,
  validateHealthCheck,
  validateImageReference,
  validateSwarmName,
} from './options'
import { createServiceArgs, healthCheckFlags, rollingUpdateFlags, updateServiceArgs } from './service-args'

describe('validateSwarmName', () => {
  it.each(['web', 'A1', 'my_app-2', 'a', 'x'.repeat(63)])('accepts %s', (name) => {
    expect(validateSwarmName('service', name)).toBe(name)
  })
  it.each(['web.v2', '-web', 'web-', '_web', 'we b', 'x'.repeat(64), 'web/1'])(
    'rejects %s naming the input',
    (name) => {
      expect(() => validateSwarmName('service', name)).toThrow(
        `Input service has an invalid value ${JSON.stringify(name)}`,
      )
    },
  )
  it('requires a value', () => {
    expect(() => validateSwarmName('stack', '')).toThrow('Input stack is required for provider swarm')
  })
})

describe('validateImageReference', () => {
  it.each(['app:1', 'ghcr.io/o/app:sha-abc', 'localhost:5000/a/b@sha256:' + 'a'.repeat(64)])(
    'accepts %s',
    (image) => {
      expect(validateImageReference('image', image)).toBe(image)
    },
  )
  it.each(['', 'app 1', '--rm', 'app;rm'])('rejects %j', (image) => {
    expect(() => validateImageReference('image', image)).toThrow(/Input image/)
  })
})

describe('resolveRollingUpdate', () => {
  it('fills the defaults: one at a time, start-first, roll back on the first failure', () => {
    expect(resolveRollingUpdate()).toEqual(DEFAULT_ROLLING_UPDATE)
    expect(resolveRollingUpdate({ parallelism: 2, order: undefined })).toMatchObject({
      parallelism: 2,
      order: 'start-first',
    })
  })
  it.each([
    [{ parallelism: -1 }, 'Input update-parallelism has an invalid value -1'],
    [{ parallelism: 1.5 }, 'Input update-parallelism has an invalid value 1.5'],
    [{ delayMs: -5 }, 'Input update-delay has an invalid value -5 ms'],
    [{ monitorMs: Number.NaN }, 'Input update-monitor has an invalid value NaN ms'],
    [
      { order: 'random' as never },
      'Input update-order has an invalid value "random": expected start-first or stop-first',
    ],
    [{ failureAction: 'retry' as never }, 'Input update-failure-action has an invalid value "retry"'],
    [
      { maxFailureRatio: 1.5 },
      'Input update-max-failure-ratio has an invalid value 1.5: expected a number from 0 to 1',
    ],
  ])('rejects %j', (update, message) => {
    expect(() => resolveRollingUpdate(update)).toThrow(message)
  })
})

describe('health-check and timeout inputs', () => {
  it('rejects bad values naming the input', () => {
    expect(() => validateHealthCheck({ retries: 0 })).toThrow('Input health-retries has an invalid value 0')
    expect(() => validateHealthCheck({ intervalMs: 0 })).toThrow(
      'Input health-interval has an invalid value 0 ms',
    )
    expect(() => validateHealthCheck({ cmd: '  ' })).toThrow('Input health-cmd is empty')
    expect(() => resolveConvergenceTimeout(-1)).toThrow(
      'Input convergence-timeout has an invalid value -1 ms',
    )
    expect(resolveConvergenceTimeout(undefined)).toBe(300_000)
  })
})

describe('docker argument arrays', () => {
  it('maps every rolling-update setting to its flag, and rollbacks mirror the update', () => {
    expect(
      rollingUpdateFlags({ ...DEFAULT_ROLLING_UPDATE, parallelism: 2, delayMs: 1500, maxFailureRatio: 0.25 }),
    ).toEqual([
      '--update-parallelism',
      '2',
      '--update-delay',
      '1500ms',
      '--update-order',
      'start-first',
      '--update-monitor',
      '10000ms',
      '--update-failure-action',
      'rollback',
      '--update-max-failure-ratio',
      '0.25',
      '--rollback-parallelism',
      '2',
      '--rollback-delay',
      '0s',
      '--rollback-order',
      'start-first',
      '--rollback-monitor',
      '10000ms',
      '--rollback-failure-action',
      'pause',
    ])
  })

  it('passes the health command as one argument, never through a shell', () => {
    expect(
      healthCheckFlags({ cmd: 'wget -q -O- http://127.0.0.1:8080/ || exit 1', intervalMs: 2000, retries: 3 }),
    ).toEqual([
      '--health-cmd',
      'wget -q -O- http://127.0.0.1:8080/ || exit 1',
      '--health-interval',
      '2000ms',
      '--health-retries',
      '3',
    ])
    expect(healthCheckFlags()).toEqual([])
  })

  it('ends option parsing before the image and the service name', () => {
    const create = createServiceArgs({
      service: 'web',
      image: 'app:1',
      replicas: 2,
      update: DEFAULT_ROLLING_UPDATE,
      envFile: '/tmp/e',
    })
    expect(create.slice(0, 9)).toEqual([
      'service',
      'create',
      '--detach',
      '--quiet',
      '--with-registry-auth',
      '--name',
      'web',
      '--replicas',
      '2',
    ])
    expect(create.slice(-4)).toEqual(['--env-file', '/tmp/e', '--', 'app:1'])
    const update = updateServiceArgs({ service: 'web', image: 'app:2', update: DEFAULT_ROLLING_UPDATE })
    expect(update).not.toContain('--replicas')
    expect(update.slice(-2)).toEqual(['--', 'web'])
  })
})
