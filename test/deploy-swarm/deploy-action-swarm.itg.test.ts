import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { trackDeployments, type DeploymentsState } from '../deploy/deployments-fake'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun } from '../harness'
import { needDocker } from '../services'
import { answers, candidatePorts, failingCheck, randomPortBase } from './swarm-fixtures'
import { suiteId, useSwarmSuite } from './swarm-suite'

const id = suiteId()
const service = `pk-swarm-action-${id}`
const images = { v1: `${service}:v1`, v2: `${service}:v2`, v3: `${service}:v3` }
const portBase = randomPortBase([100, 130])
const ports = candidatePorts(portBase, 2)

describe.runIf(needDocker())('deploy action, provider swarm, on a real single-node swarm', () => {
  let gh: GitHubFake
  let api: DeploymentsState
  let workspace: string

  useSwarmSuite({
    images: [
      { tag: images.v1, body: 'v1' },
      { tag: images.v2, body: 'v2' },
      { tag: images.v3, body: 'v3', healthcheck: failingCheck },
    ],
    services: [service],
  })
  beforeAll(async () => {
    gh = await startGitHubFake({ token: 'ghs_deploy' })
    api = await trackDeployments(gh, 300)
    workspace = mkdtempSync(join(tmpdir(), 'pk-swarm-action-'))
  })
  afterAll(async () => {
    await gh?.close()
    rmSync(workspace, { recursive: true, force: true })
  })
  beforeEach(() => gh.reset())

  const deploy = (inputs: Record<string, string>): Promise<ActionRun> =>
    runActionBundle({
      action: 'deploy',
      workspace,
      timeoutMs: 170_000,
      env: { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'ghs_deploy' },
      inputs: {
        provider: 'swarm',
        environment: 'production',
        'environment-url': 'https://app.example.com',
        service,
        replicas: '2',
        networks: 'host',
        env: `SLOT={{.Task.Slot}}\nPORT_BASE=${portBase}`,
        'update-delay': '0s',
        'update-monitor': '2s',
        'convergence-timeout': '90s',
        ...inputs,
      },
    })

  it('creates the service, updates it to v2 (every answer v2) and records the deployments', async () => {
    const first = await deploy({ image: images.v1 })
    expect(first.failures).toEqual([])
    const second = await deploy({ image: images.v2 })
    expect(second.failures).toEqual([])
    expect(second.outputs).toMatchObject({
      'deployment-id': '301',
      'release-id': images.v2,
      replicas: '2',
      'previous-image': images.v1,
      'rolled-back': 'false',
      'environment-url': 'https://app.example.com',
    })
    const bodies = await answers(ports)
    expect(bodies).toHaveLength(2)
    expect(new Set(bodies)).toEqual(new Set(['v2']))
    expect(api.sequence).toEqual([
      '300:created',
      '300:in_progress',
      '300:success',
      '301:created',
      '301:in_progress',
      '301:success',
      '300:inactive',
    ])
    expect(gh.calls('repos/create-deployment').at(-1)?.body).toMatchObject({ production_environment: true })
    expect(second.summary).toContain('## Deploy to production (swarm): ✅ deployed')
    expect(second.summary).toMatch(new RegExp(`\\| ${service} \\| ${images.v2} \\| ${images.v1} \\| 2/2 \\|`))
    expect(second.summary).toContain('| converge |')
    expect(gh.violations).toEqual([])
  })

  it('an unhealthy v3 is rolled back by the engine: v2 keeps serving, the step fails with a clear message', async () => {
    const run = await deploy({ image: images.v3 })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(/never passed their health check/)
    expect(run.outputs).toMatchObject({ 'rolled-back': 'true', 'previous-image': images.v2 })
    expect(new Set(await answers(ports))).toEqual(new Set(['v2']))
    expect(api.sequence.slice(-3)).toEqual(['302:created', '302:in_progress', '302:failure'])
    expect(run.summary).toContain('↩️ rolled back')
    expect(gh.violations).toEqual([])
  })

  it('bad inputs: an invalid service name is refused before any API call; a missing compose file is an error', async () => {
    const badName = await deploy({ image: images.v2, service: 'web app!' })
    expect(badName.failures[0]).toMatch(/^Input service has an invalid value "web app!"/)
    expect(gh.requests).toEqual([])
    const noCompose = await deploy({
      image: images.v2,
      service: '',
      stack: `pk-swarm-stack-${id}`,
      'compose-file': 'missing.yml',
    })
    expect(noCompose.failures[0]).toMatch(
      /^Input compose-file names "missing.yml", but there is no such file/,
    )
    expect(api.sequence.slice(-3)).toEqual(['303:created', '303:in_progress', '303:error'])
    expect(gh.violations).toEqual([])
  })
})
