import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGitHubFake, type GitHubFake } from '../github-fake'
import { runActionBundle, runActionWithPost, type ActionRun, type RunBundleOptions } from '../harness'
import { requireService } from '../services'
import { sshdAvailable, startTestSshd, type TestSshd } from '../deploy-swarm/sshd'
import { trackDeployments, type DeploymentsState } from './deployments-fake'
import { freePort, serveCurrentRelease, startHangingServer, type TestServer } from './http-fixtures'

const haveSshd = requireService(
  'sshd',
  sshdAvailable,
  'install openssh-server (listed in .ci/apt-packages.txt)',
)

describe.runIf(haveSshd)('deploy action, provider ssh, against a real sshd on 127.0.0.1', () => {
  let sshd: TestSshd
  let gh: GitHubFake
  let api: DeploymentsState
  let site: TestServer
  let work: string
  let base: string

  beforeAll(async () => {
    sshd = await startTestSshd()
    gh = await startGitHubFake({ token: 'ghs_deploy' })
    api = await trackDeployments(gh)
    work = mkdtempSync(join(tmpdir(), 'pk-deploy-ssh-'))
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

  /** A release directory in a fresh workspace: index.html plus a 2-level tree. */
  function workspaceWith(body: string): string {
    const workspace = mkdtempSync(join(work, 'ws-'))
    mkdirSync(join(workspace, 'dist', 'assets', 'css'), { recursive: true })
    writeFileSync(join(workspace, 'dist', 'index.html'), `${body}\n`)
    writeFileSync(join(workspace, 'dist', 'assets', 'css', 'app.css'), 'body { color: red }\n')
    return workspace
  }

  const options = (
    inputs: Record<string, string>,
    workspace: string,
    run: Omit<Partial<RunBundleOptions>, 'inputs'>,
  ): RunBundleOptions => ({
    action: 'deploy',
    workspace,
    ...run,
    env: { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'ghs_deploy', ...run.env },
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
      'keep-releases': '2',
      'reload-command': 'echo "$DEPLOY_PHASE $RELEASE_ID" >> "$DEPLOY_PATH/reload.log"',
      'pre-command': 'test -f index.html && echo "pre in $(pwd)"',
      'smoke-urls': `${site.url}/`,
      'smoke-expect-body-contains': 'healthy',
      'smoke-timeout': '3s',
      ...inputs,
    },
  })
  const deploy = (
    inputs: Record<string, string>,
    workspace = workspaceWith('unused'),
    run: Omit<Partial<RunBundleOptions>, 'inputs'> = {},
  ): Promise<ActionRun> => runActionBundle(options(inputs, workspace, run))
  const releases = () => readdirSync(join(base, 'releases')).sort()
  const current = () => readlinkSync(join(base, 'current'))

  it('deploys twice: current switches, releases are kept, the API sequence marks the first inactive', async () => {
    const first = await deploy({ 'release-id': 'r1' }, workspaceWith('release r1 healthy'))
    expect(first.failures).toEqual([])
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({
      'deployment-id': '500',
      'release-id': 'r1',
      'rolled-back': 'false',
      'environment-url': site.url,
    })
    const second = await deploy({ 'release-id': 'r2' }, workspaceWith('release r2 healthy'))
    expect(second.exitCode).toBe(0)
    expect(second.outputs).toMatchObject({
      'deployment-id': '501',
      'release-id': 'r2',
      'rolled-back': 'false',
    })
    expect(current()).toBe('releases/r2')
    expect(releases()).toEqual(['r1', 'r2'])
    expect(readFileSync(join(base, '.releases'), 'utf8')).toBe('r1\nr2\n')
    expect(readFileSync(join(base, 'current', 'assets', 'css', 'app.css'), 'utf8')).toContain('color')
    expect(readFileSync(join(base, 'reload.log'), 'utf8')).toBe('reload r1\nreload r2\n')
    expect(second.stdout).toContain(`pre in ${base}/releases/r2`)

    // The Deployments API: create → in_progress → success for each; the first one inactive after the second.
    expect(api.sequence).toEqual([
      '500:created',
      '500:in_progress',
      '500:success',
      '501:created',
      '501:in_progress',
      '501:success',
      '500:inactive',
    ])
    const success = gh
      .calls('repos/create-deployment-status')
      .find((c) => (c.body as any).state === 'success')
    expect(success?.body).toMatchObject({
      environment_url: site.url,
      log_url: 'https://github.com/octo/app/actions/runs/4242',
    })
    expect(gh.calls('repos/create-deployment').at(-1)?.body).toMatchObject({
      ref: '0123456789abcdef0123456789abcdef01234567',
      environment: 'staging',
      auto_merge: false,
      required_contexts: [],
      production_environment: false,
      payload: { provider: 'ssh', releaseId: 'r2' },
    })
    expect(gh.calls('repos/list-deployments')[0]?.query).toMatchObject({ environment: 'staging' })
    expect(gh.violations).toEqual([])

    expect(second.summary).toContain('## Deploy to staging (ssh): ✅ deployed')
    for (const step of ['upload', 'pre-command', 'switch', 'reload', 'verify'])
      expect(second.summary).toContain(`| ${step} |`)
    expect(second.summary).toContain('## Smoke checks: ✅ passed')
    expect(second.masks).toContain(sshd.clientKey.trim())
  })

  it('rolls back to the previous release when the smoke check fails, and reports failure', async () => {
    const run = await deploy({ 'release-id': 'r3' }, workspaceWith('release r3 broken'))
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      /^Smoke check of http:\/\/127\.0\.0\.1:\d+\/ failed: body-contains: .*; rolled back: current points at r2 again and the service was reloaded; release r3 removed$/,
    )
    expect(run.outputs).toMatchObject({ 'release-id': 'r2', 'rolled-back': 'true', 'environment-url': '' })
    expect(current()).toBe('releases/r2')
    expect(releases()).toEqual(['r1', 'r2'])
    expect(readFileSync(join(base, '.releases'), 'utf8')).toBe('r1\nr2\n')
    expect(readFileSync(join(base, 'reload.log'), 'utf8')).toMatch(/reload r3\nrollback r2\n$/)
    expect(api.sequence.slice(-3)).toEqual(['502:created', '502:in_progress', '502:failure'])
    expect(gh.calls('repos/list-deployments')).toEqual([])
    expect(run.summary).toContain('↩️ rolled back')
    expect(run.summary).toMatch(/\| rollback \| .* \| ✅ \| current points at r2 again/)
    expect(gh.violations).toEqual([])
  })

  it('a third release prunes beyond keep-releases, and a manual rollback goes back to the one before', async () => {
    const third = await deploy({ 'release-id': 'r4' }, workspaceWith('release r4 healthy'))
    expect(third.exitCode).toBe(0)
    expect(releases()).toEqual(['r2', 'r4'])
    const rollback = await deploy({ rollback: 'true', source: '' })
    expect(rollback.failures).toEqual([])
    expect(rollback.outputs).toMatchObject({ 'release-id': 'r2', 'rolled-back': 'true' })
    expect(current()).toBe('releases/r2')
    expect(readFileSync(join(base, '.releases'), 'utf8')).toBe('r2\n')
    expect(gh.calls('repos/create-deployment').at(-1)?.body).toMatchObject({ task: 'deploy:rollback' })
    expect(api.sequence.slice(-3)).toEqual(['504:in_progress', '504:success', '503:inactive'])
    const again = await deploy({ rollback: 'true', source: '' })
    expect(again.exitCode).toBe(1)
    expect(again.failures[0]).toMatch(/No earlier release of .* to roll back to .*: current is r2/)
    expect(current()).toBe('releases/r2')
    expect(gh.violations).toEqual([])
  })

  it('refuses a wrong host key with a clear error and changes nothing', async () => {
    const before = releases()
    const run = await deploy({ 'release-id': 'r9', 'known-hosts': sshd.wrongKnownHosts })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      `The host key of ${sshd.user}@127.0.0.1:${sshd.port} does not match input known-hosts (or is not listed there); refusing to connect. Check the key out of band and update known-hosts.`,
    ])
    expect(releases()).toEqual(before)
    expect(current()).toBe('releases/r2')
    expect(api.sequence.at(-1)).toMatch(/:error$/)
    expect(gh.violations).toEqual([])
  })

  it('bad inputs fail before any API call or connection: missing known-hosts, unknown provider', async () => {
    const noKnownHosts = await deploy({ 'known-hosts': '' })
    expect(noKnownHosts.failures[0]).toMatch(
      /^Input known-hosts is required to deploy to .*: the host key is verified, never accepted blindly/,
    )
    const unknown = await deploy({ provider: 'ftp' })
    expect(unknown.failures).toEqual([
      "Input 'provider' has invalid value 'ftp': expected one of ssh, docker, swarm",
    ])
    expect(gh.requests).toEqual([])
    expect(current()).toBe('releases/r2')
  })

  it('an unreachable host fails with a clear message (track: false makes no API calls)', async () => {
    const run = await deploy({ port: String(await freePort()), track: 'false', 'github-token': '' })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      /^Cannot reach .*@127\.0\.0\.1:\d+ over ssh: ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused/,
    )
    expect(run.outputs['deployment-id']).toBe('')
    expect(gh.requests).toEqual([])
    expect(existsSync(join(base, 'releases', 'r9'))).toBe(false)
  })
  it('deploys a .tar.gz artifact with scp; a failing pre-command removes the release and switches nothing', async () => {
    const workspace = workspaceWith('release r5 healthy')
    execFileSync('tar', ['-czf', join(workspace, 'site.tar.gz'), '-C', join(workspace, 'dist'), '.'])
    const artifact = await deploy({ 'release-id': 'r5', source: 'site.tar.gz', transfer: 'scp' }, workspace)
    expect(artifact.failures).toEqual([])
    expect(artifact.summary).toMatch(/\| upload \| .* \| ✅ \| site\.tar\.gz → .*releases\/r5 \(scp/)
    expect(current()).toBe('releases/r5')
    expect(readFileSync(join(base, 'current', 'assets', 'css', 'app.css'), 'utf8')).toContain('color')
    expect(releases().some((r) => r.includes('upload'))).toBe(false)

    const broken = await deploy(
      { 'release-id': 'r6', 'pre-command': 'echo migrating; exit 7' },
      workspaceWith('release r6 healthy'),
    )
    expect(broken.exitCode).toBe(1)
    expect(broken.failures[0]).toMatch(
      /^The pre command failed on .*: .*exited with code 7:\nmigrating \(nothing was switched; r5 is still current\)$/,
    )
    expect(broken.outputs).toMatchObject({ 'release-id': 'r5', 'rolled-back': 'false' })
    expect(current()).toBe('releases/r5')
    expect(existsSync(join(base, 'releases', 'r6'))).toBe(false)
    expect(api.sequence.slice(-3)).toEqual([
      expect.stringMatching(/:created$/),
      expect.stringMatching(/:in_progress$/),
      expect.stringMatching(/:failure$/),
    ])
    expect(gh.violations).toEqual([])
  })
  /** RUNNER_TEMP, TMPDIR and HOME of the action, to check where keys go and that none stays. */
  function runnerDirs() {
    const root = mkdtempSync(join(work, 'runner-'))
    const dirs = { runnerTemp: join(root, 'runner-temp'), tmp: join(root, 'tmp'), home: join(root, 'home') }
    for (const dir of Object.values(dirs)) mkdirSync(dir)
    const leftovers = () => Object.values(dirs).flatMap((dir) => readdirSync(dir).map((f) => join(dir, f)))
    return {
      dirs,
      run: { runnerTemp: dirs.runnerTemp, env: { TMPDIR: dirs.tmp, HOME: dirs.home } },
      leftovers,
    }
  }

  it('a job killed (SIGKILL) between the switch and the verification is rolled back by the post step; the key was in RUNNER_TEMP (0700/0600) and nothing is left', async () => {
    const cutBase = join(work, 'srv', 'cut')
    const hanging = await startHangingServer()
    const { dirs, run, leftovers } = runnerDirs()
    const inputs = { 'deploy-path': cutBase, 'smoke-urls': '' }
    const currentOf = () => readlinkSync(join(cutBase, 'current'))
    try {
      const first = await deploy({ ...inputs, 'release-id': 'c1' }, workspaceWith('c1 healthy'), run)
      expect(first.failures).toEqual([])
      expect(first.state['deploy-temp-dir']).toMatch(new RegExp(`^${dirs.runnerTemp}/pk-deploy-`))
      expect(leftovers()).toEqual([])

      const killed = await deploy(
        { ...inputs, 'release-id': 'c2', 'smoke-urls': `${hanging.url}/`, 'smoke-timeout': '60s' },
        workspaceWith('c2 healthy'),
        { ...run, kill: { when: /::group::Smoke checks/, signal: 'SIGKILL' } },
      )
      expect(killed.signal).toBe('SIGKILL')
      expect(currentOf()).toBe('releases/c2')
      // What a kill leaves: the private folder with the key, only under RUNNER_TEMP.
      const [folder] = readdirSync(dirs.runnerTemp)
      const [session] = readdirSync(join(dirs.runnerTemp, folder!))
      const sessionDir = join(dirs.runnerTemp, folder!, session!)
      const modes = [
        join(dirs.runnerTemp, folder!),
        sessionDir,
        join(sessionDir, 'id'),
        join(sessionDir, 'known_hosts'),
      ].map((path) => (statSync(path).mode & 0o777).toString(8))
      expect(modes).toEqual(['700', '700', '600', '600'])
      expect(readFileSync(join(sessionDir, 'id'), 'utf8').trim()).toBe(sshd.clientKey.trim())
      expect(JSON.parse(killed.state['deploy-pending']!)).toMatchObject({
        provider: 'ssh',
        pending: { releaseId: 'c2', previous: 'c1' },
      })
      const id = Number(killed.state['deploy-deployment-id'])

      const post = await deploy({ ...inputs, 'release-id': 'c2' }, killed.workspace, {
        ...run,
        phase: 'post',
        state: killed.state,
      })
      expect(post.failures).toEqual([])
      expect(post.commands.filter((c) => c.command === 'warning').map((c) => c.message)).toEqual([
        'The deployment of c2 to staging was interrupted after the switch and before it was verified (the job was cancelled or timed out, or the step failed); rolling back',
      ])
      expect(post.stdout).toContain(
        'rolled back: current points at c1 again and the service was reloaded; release c2 removed',
      )
      expect(currentOf()).toBe('releases/c1')
      expect(readdirSync(join(cutBase, 'releases'))).toEqual(['c1'])
      expect(readFileSync(join(cutBase, '.releases'), 'utf8')).toBe('c1\n')
      expect(readFileSync(join(cutBase, 'reload.log'), 'utf8')).toMatch(/reload c2\nrollback c1\n$/)
      expect(post.summary).toContain('## Deploy to staging (ssh): ↩️ rolled back')
      expect(api.sequence.filter((e) => e.startsWith(`${id}:`))).toEqual([
        `${id}:created`,
        `${id}:in_progress`,
        `${id}:failure`,
      ])
      expect(leftovers()).toEqual([])
      expect(gh.violations).toEqual([])
    } finally {
      await hanging.close()
    }
  })

  it('a rollback that fails is reported after the original error, in the step and again by the post step; RUNNER_TEMP, TMPDIR and HOME stay empty', async () => {
    const failBase = join(work, 'srv', 'fail')
    const { run, leftovers } = runnerDirs()
    const inputs = {
      'deploy-path': failBase,
      'smoke-urls': '',
      'reload-command': 'if [ "$DEPLOY_PHASE" = rollback ]; then echo "cannot reload" >&2; exit 3; fi',
    }
    expect((await deploy({ ...inputs, 'release-id': 'f1' }, workspaceWith('f1'), run)).failures).toEqual([])
    const { main, post } = await runActionWithPost(
      options(
        {
          ...inputs,
          'release-id': 'f2',
          'smoke-urls': `${site.url}/`,
          'smoke-expect-body-contains': 'absent',
        },
        workspaceWith('f2'),
        run,
      ),
    )
    expect(main.failures).toEqual([
      expect.stringMatching(
        /^Smoke check of http:\/\/127\.0\.0\.1:\d+\/ failed: body-contains: .*; the rollback failed too: The rollback command failed on .*cannot reload/s,
      ),
    ])
    expect(post.failures).toEqual([
      expect.stringMatching(
        /^The deployment of f2 to staging was interrupted .*; the rollback failed too: The rollback command failed on .*cannot reload/s,
      ),
    ])
    expect(readlinkSync(join(failBase, 'current'))).toBe('releases/f1')
    expect(leftovers()).toEqual([])
  })
})
