import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun } from '../harness'
import { requireService } from '../services'
import { sshdAvailable, startTestSshd, type TestSshd } from '../deploy-swarm/sshd'
import { trackDeployments, type DeploymentsState } from './deployments-fake'
import { freePort, serveCurrentRelease, type TestServer } from './http-fixtures'

const haveSshd = requireService(
  'sshd',
  sshdAvailable,
  'install openssh-server (listed in .ci/apt-packages.txt)',
)

// The Deployments API is tracking: however it fails, the deployment and its result stand.
describe.runIf(haveSshd)('deploy action with a failing Deployments API (provider ssh, real sshd)', () => {
  let sshd: TestSshd
  let gh: GitHubFake
  let api: DeploymentsState
  let site: TestServer
  let work: string
  let base: string

  beforeAll(async () => {
    sshd = await startTestSshd()
    gh = await startGitHubFake({ token: 'ghs_deploy' })
    api = await trackDeployments(gh, 300)
    work = mkdtempSync(join(tmpdir(), 'pk-deploy-api-'))
    base = join(work, 'srv', 'app')
    site = await serveCurrentRelease(base)
  })
  afterAll(async () => {
    await site?.close()
    await gh?.close()
    sshd?.stop()
    rmSync(work, { recursive: true, force: true })
  })
  beforeEach(() => gh.reset())

  const deploy = (inputs: Record<string, string>, apiUrl = gh.url): Promise<ActionRun> => {
    const workspace = mkdtempSync(join(work, 'ws-'))
    mkdirSync(join(workspace, 'dist'))
    writeFileSync(join(workspace, 'dist', 'index.html'), `${inputs['release-id']} healthy\n`)
    return runActionBundle({
      action: 'deploy',
      workspace,
      env: { GITHUB_API_URL: apiUrl, GITHUB_TOKEN: 'ghs_deploy' },
      inputs: {
        provider: 'ssh',
        environment: 'staging',
        'environment-url': site.url,
        host: '127.0.0.1',
        port: String(sshd.port),
        user: sshd.user,
        'ssh-key': sshd.clientKey,
        'known-hosts': sshd.knownHosts,
        source: 'dist',
        'deploy-path': base,
        'smoke-urls': `${site.url}/`,
        'smoke-expect-body-contains': 'healthy',
        'smoke-timeout': '5s',
        ...inputs,
      },
    })
  }
  const warnings = (run: ActionRun) =>
    run.commands.filter((c) => c.command === 'warning').map((c) => c.message)

  it('with every deployment status answered 500, it still deploys, writes outputs and summary, and warns once per call naming it', async () => {
    gh.on('repos/create-deployment-status', () => ({ status: 500 }))
    const run = await deploy({ 'release-id': 'a1' })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('releases/a1')
    expect(run.outputs).toMatchObject({
      'deployment-id': '300',
      'release-id': 'a1',
      'rolled-back': 'false',
      'environment-url': site.url,
    })
    expect(run.summary).toContain('## Deploy to staging (ssh): ✅ deployed')
    const expected = [
      "Could not create deployment status 'in_progress' for 'staging': 500 after 4 attempts",
      "Could not create deployment status 'success' for 'staging': 500 after 4 attempts",
    ]
    expect(warnings(run)).toEqual(expected)
    for (const warning of expected) expect(run.summary).toContain(`> ⚠️ ${warning}`)
    expect(gh.calls('repos/create-deployment-status')).toHaveLength(8)
    expect(gh.violations).toEqual([])
  })

  it('with fail-on-api-error: true the same failure fails the step, after the deployment, its outputs and summary', async () => {
    gh.on('repos/create-deployment-status', (req) => ({
      status: (req.body as { state: string }).state === 'success' ? 500 : 201,
    }))
    const run = await deploy({ 'release-id': 'a2', 'fail-on-api-error': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      "Could not create deployment status 'success' for 'staging': 500 after 4 attempts (fail-on-api-error: true)",
    ])
    expect(warnings(run)).toEqual([])
    expect(readlinkSync(join(base, 'current'))).toBe('releases/a2')
    expect(run.outputs).toMatchObject({ 'deployment-id': '301', 'release-id': 'a2' })
    expect(run.summary).toContain('✅ deployed')
    expect(api.deployments.map((d) => d.id)).toEqual([300, 301])
  })

  it('with the API unreachable, it deploys untracked with one warning naming the call', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`
    const run = await deploy({ 'release-id': 'a3' }, closed)
    expect(run.failures).toEqual([])
    expect(readlinkSync(join(base, 'current'))).toBe('releases/a3')
    expect(run.outputs).toMatchObject({ 'deployment-id': '', 'release-id': 'a3' })
    expect(warnings(run)).toEqual([
      expect.stringMatching(
        /^Could not create deployment for 'staging': .*ECONNREFUSED.* after 4 attempts; deploying without tracking \(fail-on-api-error: true fails instead\)$/,
      ),
    ])
    expect(run.summary).toContain('✅ deployed')
    expect(run.summary).toMatch(/> ⚠️ Could not create deployment for 'staging': /)
  })
})
