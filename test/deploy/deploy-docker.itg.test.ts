import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, type ActionRun, type RunBundleOptions } from '../harness'
import { buildBusyboxImage, dockerRemove, needDocker } from '../services'
import { sshdAvailable, startTestSshd } from '../deploy-swarm/sshd'
import { trackDeployments, type DeploymentsState } from './deployments-fake'
import { buildHttpImage, failingCheck } from './fixtures'
import { fetchBody, freePort, startFileProxy, startHangingServer, type TestServer } from './http-fixtures'

const id = randomBytes(3).toString('hex')
const name = `pk-deploy-web-${id}`
const proxyContainer = `pk-deploy-proxy-${id}`
const repo = `pk-deploy-web-${id}`
const images = {
  v1: `${repo}:v1`,
  v2: `${repo}:v2`,
  v3: `${repo}:v3`,
  v4: `${repo}:v4`,
  proxy: `${repo}:proxy`,
}

const containers = () =>
  execFileSync(
    'docker',
    ['ps', '-a', '--filter', `name=^${name}`, '--format', '{{.Names}} {{.Image}} {{.State}}'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort()

describe.runIf(needDocker())('deploy action, provider docker, blue/green on the real engine', () => {
  let gh: GitHubFake
  let api: DeploymentsState
  let proxy: TestServer
  let state: string
  let ports: number[]
  let hanging: TestServer

  beforeAll(async () => {
    buildHttpImage(images.v1, 'v1 healthy')
    buildHttpImage(images.v2, 'v2 healthy')
    buildHttpImage(images.v3, 'v3 healthy', failingCheck)
    buildHttpImage(images.v4, 'v4 broken')
    // The proxy's control side: a container whose reload command writes the upstream port to a
    // bind-mounted file; the proxy on the host reads that file on every request.
    buildBusyboxImage(images.proxy, { instructions: ['CMD ["sleep", "3600"]'] })
    state = mkdtempSync(join(tmpdir(), 'pk-deploy-proxy-'))
    chmodSync(state, 0o777)
    execFileSync('docker', [
      'run',
      '-d',
      '--name',
      proxyContainer,
      '--network',
      'none',
      '-v',
      `${state}:/state`,
      images.proxy,
    ])
    proxy = await startFileProxy(join(state, 'upstream'))
    ports = [await freePort(), await freePort()]
    gh = await startGitHubFake({ token: 'ghs_deploy' })
    api = await trackDeployments(gh, 700)
    hanging = await startHangingServer()
  })
  afterAll(async () => {
    await hanging?.close()
    await proxy?.close()
    await gh?.close()
    spawnSync('sh', ['-c', `docker rm -f $(docker ps -aq --filter name=^${name}) ${proxyContainer}`], {
      stdio: 'ignore',
    })
    dockerRemove('image', Object.values(images))
    rmSync(state, { recursive: true, force: true })
  })
  beforeEach(() => gh.reset())

  const deploy = (
    inputs: Record<string, string>,
    run: Omit<Partial<RunBundleOptions>, 'inputs'> = {},
  ): Promise<ActionRun> =>
    runActionBundle({
      action: 'deploy',
      ...run,
      env: { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'ghs_deploy', ...run.env },
      inputs: {
        provider: 'docker',
        environment: 'review',
        'environment-url': proxy.url,
        'container-name': name,
        network: 'host',
        ports: ports.join(','),
        'proxy-container': proxyContainer,
        'proxy-reload':
          'echo "$PK_UPSTREAM_PORT" > /state/upstream && echo "proxy now at $PK_UPSTREAM_PORT ($PK_RELEASE_ID)"',
        env: 'MODE=review',
        'secret-env': 'API_TOKEN=tok-8f3a9c2e1d',
        'ready-timeout': '20s',
        'smoke-urls': `${proxy.url}/`,
        'smoke-expect-body-contains': 'healthy',
        'smoke-timeout': '3s',
        ...inputs,
      },
    })

  it('replaces v1 with v2 beside it: the proxy answers v2, the old container is gone, the API marks v1 inactive', async () => {
    const first = await deploy({ image: images.v1, 'release-id': 'r1' })
    expect(first.failures).toEqual([])
    expect(await fetchBody(proxy.url)).toBe('200 v1 healthy')
    const second = await deploy({ image: images.v2, 'release-id': 'r2' })
    expect(second.failures).toEqual([])
    expect(second.outputs).toMatchObject({
      'deployment-id': '701',
      'release-id': 'r2',
      'rolled-back': 'false',
      'previous-image': images.v1,
      'environment-url': proxy.url,
    })
    expect(await fetchBody(proxy.url)).toBe('200 v2 healthy')
    expect(readFileSync(join(state, 'upstream'), 'utf8').trim()).toBe(String(ports[1]))
    expect(containers()).toEqual([`${name} ${images.v2} running`])
    expect(await fetchBody(`http://127.0.0.1:${ports[0]}/`)).toMatch(/^down/)
    expect(api.sequence).toEqual([
      '700:created',
      '700:in_progress',
      '700:success',
      '701:created',
      '701:in_progress',
      '701:success',
      '700:inactive',
    ])
    // Env reached the container through the env file; the secret never reached argv or the log.
    const env = execFileSync('docker', ['inspect', '--format', '{{json .Config.Env}}', name], {
      encoding: 'utf8',
    })
    expect(env).toContain('MODE=review')
    expect(env).toContain(`PORT=${ports[1]}`)
    expect(second.masks).toContain('tok-8f3a9c2e1d')
    expect(second.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('tok-8f3a9c2e1d')
    for (const step of ['image', 'start', 'health', 'switch', 'verify', 'finish'])
      expect(second.summary).toContain(`| ${step} |`)
    expect(gh.violations).toEqual([])
  })

  it('an unhealthy v3 is removed before any switch; v2 keeps answering', async () => {
    const run = await deploy({ image: images.v3, 'release-id': 'r3' })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toBe(
      `Container ${name}-next is unhealthy; rolled back: ${name} (${images.v2}) kept serving; the new container was removed`,
    )
    expect(run.outputs).toMatchObject({ 'rolled-back': 'true', 'release-id': 'r2' })
    expect(await fetchBody(proxy.url)).toBe('200 v2 healthy')
    expect(containers()).toEqual([`${name} ${images.v2} running`])
    expect(api.sequence.slice(-3)).toEqual(['702:created', '702:in_progress', '702:failure'])
    expect(gh.violations).toEqual([])
  })

  it('a v4 that fails the smoke check after the switch is switched back; v2 keeps answering', async () => {
    const run = await deploy({ image: images.v4, 'release-id': 'r4' })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      new RegExp(
        `^Smoke check of ${proxy.url}/ failed: body-contains: .*; rolled back: ${name} \\(${images.v2}\\) kept serving; proxy pointed back at port ${ports[1]}; the new container was removed$`,
      ),
    )
    expect(await fetchBody(proxy.url)).toBe('200 v2 healthy')
    expect(containers()).toEqual([`${name} ${images.v2} running`])
    expect(gh.violations).toEqual([])
  })

  it('an image that does not exist fails clearly with nothing switched', async () => {
    const run = await deploy({ image: `${repo}:missing`, 'release-id': 'r5' })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      new RegExp(`^Image ${repo}:missing does not exist on the local engine and could not be pulled: `),
    )
    expect(await fetchBody(proxy.url)).toBe('200 v2 healthy')
    expect(containers()).toEqual([`${name} ${images.v2} running`])
    expect(api.sequence.at(-1)).toBe('704:error')
    expect(gh.violations).toEqual([])
  })

  it('a manual rollback brings v1 back through the same switch, and refuses a second one', async () => {
    const run = await deploy({ rollback: 'true', image: '' })
    expect(run.failures).toEqual([])
    expect(run.outputs).toMatchObject({
      'release-id': 'r1',
      'rolled-back': 'true',
      'previous-image': images.v2,
    })
    expect(await fetchBody(proxy.url)).toBe('200 v1 healthy')
    expect(containers()).toEqual([`${name} ${images.v1} running`])
    const again = await deploy({ rollback: 'true', image: '' })
    expect(again.failures[0]).toMatch(/records no earlier image .*: nothing to roll back to$/)
    expect(await fetchBody(proxy.url)).toBe('200 v1 healthy')
    expect(gh.violations).toEqual([])
  })

  it('switch: stop-start hands one stable port over, and restarts the old container when the new one fails', async () => {
    const port = await freePort()
    const stable = `${name}-stable`
    const inputs = {
      'container-name': stable,
      switch: 'stop-start',
      ports: String(port),
      'proxy-reload': '',
      'proxy-container': '',
      'smoke-urls': `http://127.0.0.1:${port}/`,
      track: 'false',
    }
    expect((await deploy({ ...inputs, image: images.v1 })).failures).toEqual([])
    expect((await deploy({ ...inputs, image: images.v2 })).failures).toEqual([])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
    const broken = await deploy({ ...inputs, image: images.v3 })
    expect(broken.failures[0]).toBe(
      `Container ${stable} is unhealthy; rolled back: ${stable} (${images.v2}) restarted; the new container was removed`,
    )
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
    expect(containers().filter((c) => c.startsWith(stable))).toEqual([`${stable} ${images.v2} running`])
    expect(gh.requests).toEqual([])
  })
  it.runIf(sshdAvailable())(
    'deploys through DOCKER_HOST=ssh:// with a verified host key, and refuses a wrong one',
    async () => {
      const sshd = await startTestSshd()
      try {
        const port = await freePort()
        const remote = `${name}-remote`
        const inputs = {
          'container-name': remote,
          switch: 'stop-start',
          ports: String(port),
          'proxy-reload': '',
          'proxy-container': '',
          'smoke-urls': `http://127.0.0.1:${port}/`,
          track: 'false',
          'docker-host': `ssh://${sshd.user}@127.0.0.1:${sshd.port}`,
          'ssh-key': sshd.clientKey,
          'known-hosts': sshd.knownHosts,
        }
        const run = await deploy({ ...inputs, image: images.v2 })
        expect(run.failures).toEqual([])
        expect(run.summary).toContain(`ssh://${sshd.user}@127.0.0.1:${sshd.port}`)
        expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
        const wrong = await deploy({ ...inputs, image: images.v1, 'known-hosts': sshd.wrongKnownHosts })
        expect(wrong.failures[0]).toMatch(
          new RegExp(
            `^The host key of ssh://${sshd.user}@127\\.0\\.0\\.1:${sshd.port} does not match input known-hosts`,
          ),
        )
        const missing = await deploy({ ...inputs, image: images.v1, 'known-hosts': '' })
        expect(missing.failures[0]).toMatch(/^Input known-hosts is required when docker-host is ssh:\/\//)
        expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
        expect(containers().filter((c) => c.startsWith(remote))).toEqual([`${remote} ${images.v2} running`])
      } finally {
        sshd.stop()
      }
    },
  )
  it('a manual rollback of a first deployment stops and removes it (nothing earlier to go back to), or keeps it with keep-failed', async () => {
    const port = await freePort()
    const first = `${name}-first`
    const inputs = {
      'container-name': first,
      switch: 'stop-start',
      ports: String(port),
      'proxy-reload': '',
      'proxy-container': '',
      'smoke-urls': '',
      track: 'false',
    }
    expect((await deploy({ ...inputs, image: images.v1 })).failures).toEqual([])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v1 healthy')

    const rollback = await deploy({ ...inputs, rollback: 'true', image: '' })
    expect(rollback.exitCode).toBe(1)
    const said =
      `Container ${first} (${images.v1}) is the first deployment: there is no earlier image to roll back to; ` +
      `${first} (${images.v1}) stopped and removed; nothing serves now (keep-failed: true keeps it)`
    expect(rollback.failures).toEqual([said])
    expect(rollback.stdout).toContain(`✅ remove`)
    expect(rollback.summary).toContain(`> ${said}`)
    expect(rollback.outputs).toMatchObject({
      'rolled-back': 'true',
      'release-id': '',
      'previous-image': images.v1,
    })
    expect(containers().filter((c) => c.startsWith(first))).toEqual([])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toMatch(/^down/)

    expect((await deploy({ ...inputs, image: images.v1 })).failures).toEqual([])
    const kept = await deploy({ ...inputs, rollback: 'true', image: '', 'keep-failed': 'true' })
    expect(kept.failures).toEqual([
      `Container ${first} (${images.v1}) is the first deployment: there is no earlier image to roll back to; it was kept running (keep-failed: true)`,
    ])
    expect(containers().filter((c) => c.startsWith(first))).toEqual([`${first} ${images.v1} running`])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v1 healthy')
  })

  it('a first deployment that fails its smoke check is stopped and removed, or kept running with keep-failed', async () => {
    const port = await freePort()
    const first = `${name}-first-broken`
    const inputs = {
      'container-name': first,
      switch: 'stop-start',
      ports: String(port),
      'proxy-reload': '',
      'proxy-container': '',
      'smoke-urls': `http://127.0.0.1:${port}/`,
      track: 'false',
      image: images.v4,
    }
    const removed = await deploy(inputs)
    expect(removed.failures).toEqual([
      expect.stringMatching(
        new RegExp(
          `; rolled back: the new container ${first} was stopped and removed \\(there was no earlier one to go back to\\)$`,
        ),
      ),
    ])
    expect(containers().filter((c) => c.startsWith(first))).toEqual([])
    const kept = await deploy({ ...inputs, 'keep-failed': 'true' })
    expect(kept.failures).toEqual([
      expect.stringMatching(
        new RegExp(
          `; the new container was kept running as ${first} \\(keep-failed: true; there was no earlier one to go back to\\)$`,
        ),
      ),
    ])
    expect(kept.outputs).toMatchObject({ 'rolled-back': 'false', 'release-id': expect.stringMatching(/.+/) })
    expect(containers().filter((c) => c.startsWith(first))).toEqual([`${first} ${images.v4} running`])
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v4 broken')
  })

  it('a job cancelled (SIGTERM) after the proxy switch is switched back by the post step; a failing post rollback reports both errors; nothing is left in RUNNER_TEMP, TMPDIR or HOME', async () => {
    const cut = `${name}-cut`
    const cutPorts = [await freePort(), await freePort()]
    const scratch = mkdtempSync(join(tmpdir(), 'pk-deploy-cut-'))
    const dirs = {
      runnerTemp: join(scratch, 'runner-temp'),
      tmp: join(scratch, 'tmp'),
      home: join(scratch, 'home'),
    }
    for (const dir of Object.values(dirs)) mkdirSync(dir)
    const run = { runnerTemp: dirs.runnerTemp, env: { TMPDIR: dirs.tmp, HOME: dirs.home } }
    const inputs = { 'container-name': cut, ports: cutPorts.join(',') }
    try {
      const v1 = await deploy({ ...inputs, image: images.v1, 'release-id': 'c1' }, run)
      expect(v1.failures).toEqual([])
      expect(await fetchBody(proxy.url)).toBe('200 v1 healthy')

      // v2 is healthy and the proxy is switched to it; the smoke URL never answers, and the job is cancelled.
      const main = await deploy(
        {
          ...inputs,
          image: images.v2,
          'release-id': 'c2',
          'smoke-urls': `${hanging.url}/`,
          'smoke-timeout': '60s',
        },
        { ...run, kill: { when: /::group::Smoke checks/, signal: 'SIGTERM' } },
      )
      expect(main.signal).toBe('SIGTERM')
      expect(await fetchBody(proxy.url)).toBe('200 v2 healthy')
      expect(containers().filter((c) => c.startsWith(cut))).toEqual([
        `${cut} ${images.v1} running`,
        `${cut}-next ${images.v2} running`,
      ])
      // The env file with the secret was in the private folder under RUNNER_TEMP, not in TMPDIR.
      expect(readdirSync(dirs.runnerTemp)).toEqual([expect.stringMatching(/^pk-deploy-/)])
      const id = Number(main.state['deploy-deployment-id'])
      expect(api.sequence.slice(-2)).toEqual([`${id}:created`, `${id}:in_progress`])

      // The proxy container is down: the post step's rollback fails, and says so after the interruption.
      execFileSync('docker', ['stop', '--time', '1', proxyContainer])
      const failing = await deploy(
        { ...inputs, image: images.v2, 'release-id': 'c2' },
        { ...run, phase: 'post', state: main.state, workspace: main.workspace },
      )
      expect(failing.exitCode).toBe(1)
      expect(failing.failures).toEqual([
        expect.stringMatching(
          /^The deployment of c2 to review was interrupted after the switch and before it was verified \(.*\); the rollback failed too: The proxy reload command failed: /,
        ),
      ])
      execFileSync('docker', ['start', proxyContainer])

      const post = await deploy(
        { ...inputs, image: images.v2, 'release-id': 'c2' },
        { ...run, phase: 'post', state: main.state, workspace: main.workspace },
      )
      expect(post.failures).toEqual([])
      expect(post.stdout).toContain(
        `rolled back: ${cut} (${images.v1}) kept serving; proxy pointed back at port ${cutPorts[0]}; the new container was removed`,
      )
      expect(post.summary).toContain('↩️ rolled back')
      expect(await fetchBody(proxy.url)).toBe('200 v1 healthy')
      expect(containers().filter((c) => c.startsWith(cut))).toEqual([`${cut} ${images.v1} running`])
      expect(api.sequence.slice(-2)).toEqual([`${id}:failure`, `${id}:failure`])
      expect(post.masks).toContain('tok-8f3a9c2e1d')
      for (const dir of Object.values(dirs))
        expect({ dir, left: readdirSync(dir) }).toEqual({ dir, left: [] })
      expect(gh.violations).toEqual([])
    } finally {
      spawnSync('docker', ['start', proxyContainer], { stdio: 'ignore' })
      rmSync(scratch, { recursive: true, force: true })
    }
  })

  it('a job killed (SIGKILL) during the verification of a stop-start deployment gets the old container restarted by the post step', async () => {
    const port = await freePort()
    const cut = `${name}-cut-stable`
    const inputs = {
      'container-name': cut,
      switch: 'stop-start',
      ports: String(port),
      'proxy-reload': '',
      'proxy-container': '',
      'smoke-urls': `http://127.0.0.1:${port}/`,
      track: 'false',
    }
    expect((await deploy({ ...inputs, image: images.v1 })).failures).toEqual([])
    const main = await deploy(
      { ...inputs, image: images.v2, 'smoke-urls': `${hanging.url}/`, 'smoke-timeout': '60s' },
      { kill: { when: /::group::Smoke checks/, signal: 'SIGKILL' } },
    )
    expect(main.signal).toBe('SIGKILL')
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v2 healthy')
    expect(containers().filter((c) => c.startsWith(cut))).toEqual([
      `${cut} ${images.v2} running`,
      `${cut}-previous ${images.v1} exited`,
    ])
    const post = await deploy(
      { ...inputs, image: images.v2 },
      { phase: 'post', state: main.state, workspace: main.workspace, runnerTemp: main.runnerTemp },
    )
    expect(post.failures).toEqual([])
    expect(post.stdout).toContain(
      `rolled back: ${cut} (${images.v1}) restarted; the new container was removed`,
    )
    expect(await fetchBody(`http://127.0.0.1:${port}/`)).toBe('200 v1 healthy')
    expect(containers().filter((c) => c.startsWith(cut))).toEqual([`${cut} ${images.v1} running`])
    expect(existsSync(main.runnerTemp) && readdirSync(main.runnerTemp)).toEqual([])
  })
})
