import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecordingLogger } from '../../packages/common/src'
import { deploySwarmStack, SwarmDeployError, type SwarmStackOptions } from '../../packages/deploy-swarm/src'
import { needDocker } from '../services'
import { answers, candidatePorts, failingCheck, randomPortBase } from './swarm-fixtures'
import { suiteId, useSwarmSuite } from './swarm-suite'

const id = suiteId()
const stack = `pk-swarm-st-${id}`
const webRepo = `pk-swarm-stweb-${id}`
const apiImage = `pk-swarm-stapi-${id}:1`
const images = [`${webRepo}:v1`, `${webRepo}:v2`, `${webRepo}:v3`, apiImage]
const webBase = randomPortBase([160, 190])
const apiBase = randomPortBase([190, 220])
const webPorts = candidatePorts(webBase, 1)
const apiPorts = candidatePorts(apiBase, 1)

// Two services on the host network (external network "host"); the file names the web
// image with a placeholder tag that the image input replaces.
const composeText = `version: "3.8"
services:
  web:
    image: ${webRepo}:placeholder
    environment:
      SLOT: "{{.Task.Slot}}"
      PORT_BASE: "${webBase}"
    networks: [hostnet]
    deploy:
      replicas: 1
  api:
    image: ${apiImage}
    environment:
      SLOT: "{{.Task.Slot}}"
      PORT_BASE: "${apiBase}"
    networks: [hostnet]
    deploy:
      replicas: 1
networks:
  hostnet:
    external: true
    name: host
`

describe.runIf(needDocker())('swarm provider: a stack of two services from a compose file', () => {
  let workspace = ''
  const options = (image: string): SwarmStackOptions => ({
    stack,
    composeFile: 'deploy/stack.yml',
    image,
    cwd: workspace,
    update: { delayMs: 0, monitorMs: 2_000 },
    convergenceTimeoutMs: 90_000,
  })

  useSwarmSuite({
    images: [
      { tag: images[0]!, body: 'web v1' },
      { tag: images[1]!, body: 'web v2' },
      { tag: images[2]!, body: 'web v3', healthcheck: failingCheck },
      { tag: apiImage, body: 'api 1' },
    ],
    stacks: [stack],
  })
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'pk-swarm-ws-'))
    mkdirSync(join(workspace, 'deploy'))
    writeFileSync(join(workspace, 'deploy', 'stack.yml'), composeText)
  })
  afterAll(() => {
    if (workspace) rmSync(workspace, { recursive: true, force: true })
  })

  it('deploys both services with the image tag substituted, and waits for them', async () => {
    const result = await deploySwarmStack(options(images[0]!), { logger: createRecordingLogger() })
    expect(result.mode).toBe('stack')
    expect(result.services.map((s) => [s.service, s.image, s.created, s.replicas])).toEqual([
      [`${stack}_web`, images[0], true, 1],
      [`${stack}_api`, apiImage, true, 1],
    ])
    expect(result.replicas).toBe(2)
    expect(await answers(webPorts)).toEqual(['web v1'])
    expect(await answers(apiPorts)).toEqual(['api 1'])
  })

  it('a second deploy rolls only the web service to v2 and keeps the previous image as output', async () => {
    const logger = createRecordingLogger()
    const result = await deploySwarmStack(options(images[1]!), { logger })
    expect(result.previousImage).toBe(images[0])
    expect(result.services.find((s) => s.service === `${stack}_web`)).toMatchObject({
      image: images[1],
      previousImage: images[0],
      created: false,
    })
    expect(logger.lines.map((l) => l.message)).toContain(`Service ${stack}_api is unchanged`)
    // Both run on the host network: their rolling updates are filled in stop-first, and the log says why.
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(new RegExp(`^Service ${stack}_web runs on the host's network, so`)),
      expect.stringMatching(new RegExp(`^Service ${stack}_api runs on the host's network, so`)),
    ])
    expect(await answers(webPorts)).toEqual(['web v2'])
    expect(await answers(apiPorts)).toEqual(['api 1'])
  })

  it('a stack deploy whose new web image is unhealthy fails and leaves the previous definition serving', async () => {
    const error = await deploySwarmStack(options(images[2]!), { logger: createRecordingLogger() }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SwarmDeployError)
    const failure = error as SwarmDeployError
    expect(failure.message).toContain(`Stack ${stack} did not converge`)
    expect(failure.message).toContain('never passed their health check')
    expect(failure.message).toContain(
      `Restored the previous stack definition: the engine rolled ${stack}_web back to ${images[1]}`,
    )
    expect(failure.result.rolledBack).toBe(true)
    expect(failure.result.replicas).toBe(2)
    expect(await answers(webPorts)).toEqual(['web v2'])
    expect(await answers(apiPorts)).toEqual(['api 1'])
  })

  it('names the input when the compose file is missing or the image matches no service', async () => {
    const logger = createRecordingLogger()
    await expect(
      deploySwarmStack({ ...options(images[1]!), composeFile: 'deploy/nope.yml' }, { logger }),
    ).rejects.toThrow(
      `Input compose-file names "deploy/nope.yml", but there is no such file (looked at ${join(workspace, 'deploy/nope.yml')})`,
    )
    await expect(deploySwarmStack(options('ghcr.io/other/app:1'), { logger })).rejects.toThrow(
      'Input image ghcr.io/other/app:1 matches no service in deploy/stack.yml',
    )
    await expect(
      deploySwarmStack({ ...options(images[1]!), stack: 'bad.stack' }, { logger }),
    ).rejects.toThrow('Input stack has an invalid value "bad.stack"')
  })
})
