import { describe, expect, it } from 'vitest'
import { Inputs } from '../../action-runtime/src/inputs'
import { DOCKER_INPUT_NAMES, parseDockerInputs } from './docker-inputs'

const reader = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '')
const base = { 'container-name': 'web', ports: '8081,8082', 'proxy-reload': 'nginx -s reload' }
const shared = { image: 'app:v2', releaseId: 'r2', rollback: false }

describe('parseDockerInputs', () => {
  it('reads every docker input with defaults', () => {
    const input = reader(base)
    const plan = parseDockerInputs(input, shared)
    expect([...input.names].sort()).toEqual([...DOCKER_INPUT_NAMES].sort())
    expect(plan).toMatchObject({
      mode: 'deploy',
      options: {
        name: 'web',
        image: 'app:v2',
        releaseId: 'r2',
        strategy: 'proxy',
        network: 'bridge',
        ports: [8081, 8082],
        readyTimeoutMs: 60_000,
      },
    })
  })

  it('checks ports against the switch strategy and requires proxy-reload for proxy', () => {
    expect(() => parseDockerInputs(reader({ ...base, ports: '8081' }), shared)).toThrow(
      /two different host ports/,
    )
    expect(() => parseDockerInputs(reader({ ...base, switch: 'stop-start' }), shared)).toThrow(
      /exactly one host port/,
    )
    expect(() => parseDockerInputs(reader({ ...base, 'proxy-reload': '' }), shared)).toThrow(
      /proxy-reload' is required/,
    )
    expect(() => parseDockerInputs(reader({ ...base, ports: '8081,99999' }), shared)).toThrow(
      "Input 'ports' has invalid value '99999'",
    )
    expect(
      parseDockerInputs(reader({ ...base, switch: 'stop-start', ports: '80', 'proxy-reload': '' }), shared)
        .options.ports,
    ).toEqual([80])
  })

  it('needs a container name and an image, but no image to roll back', () => {
    expect(() => parseDockerInputs(reader({ ...base, 'container-name': '' }), shared)).toThrow(
      "Input 'container-name' is required",
    )
    expect(() => parseDockerInputs(reader(base), { ...shared, image: undefined })).toThrow(
      "Input 'image' is required for provider docker",
    )
    expect(parseDockerInputs(reader(base), { ...shared, image: undefined, rollback: true }).mode).toBe(
      'rollback',
    )
  })
})
