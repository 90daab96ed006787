import { describe, expect, it } from 'vitest'
// The runtime's real Inputs class, to prove gh.input satisfies SwarmInputReader.
import { Inputs } from '../../action-runtime/src/inputs'
import { parseSwarmInputs, SWARM_INPUT_NAMES } from './swarm-inputs'

const read = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '')
const shared = { image: 'ghcr.io/acme/web:sha-1', rollback: false, workspace: '/ws' }

describe('parseSwarmInputs', () => {
  it('parses a service deployment with defaults', () => {
    const plan = parseSwarmInputs(read({ service: 'web' }), shared)
    expect(plan).toMatchObject({
      mode: 'service',
      options: {
        service: 'web',
        image: 'ghcr.io/acme/web:sha-1',
        replicas: undefined,
        update: {
          parallelism: 1,
          delayMs: 5000,
          order: 'start-first',
          monitorMs: 10000,
          failureAction: 'rollback',
          maxFailureRatio: 0,
        },
        convergenceTimeoutMs: 300_000,
        connection: { dockerHost: undefined, registry: undefined },
      },
    })
  })

  it('parses every service input', () => {
    const input = read({
      service: 'web',
      replicas: '3',
      'update-parallelism': '2',
      'update-delay': '1s',
      'update-order': 'stop-first',
      'update-monitor': '30s',
      'update-failure-action': 'pause',
      'update-max-failure-ratio': '0.5',
      'health-cmd': 'wget -q -O- http://127.0.0.1/ || exit 1',
      'health-interval': '2s',
      'health-timeout': '1s',
      'health-retries': '4',
      'health-start-period': '10s',
      publish: 'published=80,target=8080',
      networks: 'front, back',
      env: 'A=1\nB=x=y',
      'convergence-timeout': '2m',
      'docker-host': 'ssh://deploy@m1',
      'known-hosts': 'm1 ssh-ed25519 AAAA',
      'ssh-key': 'KEY',
      registry: 'ghcr.io',
      'registry-username': 'bot',
      'registry-password': 'pw',
    })
    const plan = parseSwarmInputs(input, shared)
    expect(plan.options).toMatchObject({
      replicas: 3,
      update: {
        parallelism: 2,
        delayMs: 1000,
        order: 'stop-first',
        monitorMs: 30000,
        failureAction: 'pause',
        maxFailureRatio: 0.5,
      },
      healthCheck: {
        cmd: 'wget -q -O- http://127.0.0.1/ || exit 1',
        intervalMs: 2000,
        timeoutMs: 1000,
        retries: 4,
        startPeriodMs: 10000,
      },
      publish: ['published=80,target=8080'],
      networks: ['front', 'back'],
      env: { A: '1', B: 'x=y' },
      convergenceTimeoutMs: 120000,
      connection: {
        dockerHost: 'ssh://deploy@m1',
        knownHosts: 'm1 ssh-ed25519 AAAA',
        sshKey: 'KEY',
        registry: { server: 'ghcr.io', username: 'bot', password: 'pw' },
      },
    })
    // The inputs read equal the published list (the action.yml contract); compose-file is stack-only.
    expect([...input.names].sort()).toEqual(SWARM_INPUT_NAMES.filter((n) => n !== 'compose-file').sort())
  })

  it('parses a stack deployment and a rollback', () => {
    expect(
      parseSwarmInputs(read({ stack: 'shop', 'compose-file': 'deploy/stack.yml' }), shared),
    ).toMatchObject({
      mode: 'stack',
      options: { stack: 'shop', composeFile: 'deploy/stack.yml', image: shared.image, cwd: '/ws' },
    })
    expect(parseSwarmInputs(read({ service: 'web' }), { ...shared, rollback: true })).toMatchObject({
      mode: 'rollback',
      options: { service: 'web' },
    })
  })

  it.each([
    [{}, 'Provider swarm needs input service (update one service) or stack (deploy a compose file)'],
    [{ service: 'a', stack: 'b' }, 'Inputs service and stack are both set'],
    [{ stack: 'b' }, 'Input compose-file is required with input stack'],
    [{ service: 'a', 'update-order': 'random' }, "Input 'update-order'"],
    [{ service: 'a', 'update-max-failure-ratio': '2' }, "Input 'update-max-failure-ratio'"],
    [
      { service: 'a', 'registry-username': 'bot' },
      'Inputs registry, registry-username and registry-password go together',
    ],
  ])('rejects %j', (values, message) => {
    expect(() => parseSwarmInputs(read(values as Record<string, string>), shared)).toThrow(message)
  })

  it('needs an image to update a service', () => {
    expect(() => parseSwarmInputs(read({ service: 'web' }), { ...shared, image: undefined })).toThrow(
      'Input image is required for provider swarm with input service',
    )
  })
})
