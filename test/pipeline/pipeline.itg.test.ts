import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecordingLogger } from '@pipeline-kit/common'
import {
  freePort,
  runLocalPipeline,
  runWorkflow,
  startLocalRegistry,
  type LocalPipelineRun,
  type LocalRegistry,
} from '@pipeline-kit/workflow-runner'
import { node24, repoRoot } from '../harness/paths'
import { sshdAvailable, startTestSshd } from '../deploy-swarm/sshd'
import { commandSucceeds, dockerRemove, needDocker, requireService } from '../services'
import { commitPullRequest, copySampleApp, pullRequestEvent, uncoveredCode } from './sample-copy'

const available =
  needDocker() &&
  requireService(
    'docker-registry and htpasswd',
    () =>
      commandSucceeds('test', ['-x', '/usr/bin/docker-registry']) &&
      commandSucceeds('test', ['-x', '/usr/bin/htpasswd']),
    'install docker-registry and apache2-utils (bash scripts/setup-system.sh does)',
  ) &&
  requireService('sshd', sshdAvailable, 'install openssh-server (bash scripts/setup-system.sh does)')

const prefix = `pk-pipeline-e2e-${process.pid}`
// Developers sharing a working tree whose bundles are being rebuilt can point this at a
// snapshot (a copy with actions/ and workflows-templates/); CI uses the checkout.
const toolkitRoot = process.env.PK_PIPELINE_TOOLKIT_ROOT ?? repoRoot
let registry: LocalRegistry
let ports: { staging: number; production: number }

async function pipeline(
  source: string,
  name = prefix,
  workflow?: string,
  vars: Record<string, string> = {},
): Promise<LocalPipelineRun> {
  return runLocalPipeline({
    toolkitRoot,
    workflow,
    source,
    nodeBinary: node24,
    registry,
    containerPrefix: name,
    stagingPort: ports.staging,
    productionPort: ports.production,
    vars: { SMOKE_TIMEOUT: '10s', ...vars },
    log: createRecordingLogger(),
  })
}

async function health(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/health`)
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

const results = (run: LocalPipelineRun) => Object.fromEntries(run.result.jobs.map((j) => [j.name, j.result]))

describe.runIf(available)(
  'pnpm pipeline: the complete pipeline template, locally, against the sample app',
  () => {
    beforeAll(async () => {
      registry = await startLocalRegistry()
      ports = { staging: await freePort(), production: await freePort() }
    })

    afterAll(() => {
      dockerRemove('container', [
        `${prefix}-staging`,
        `${prefix}-production`,
        `${prefix}-r-pr-7`,
        `${prefix}-u-staging`,
        `${prefix}-u-production`,
        `${prefix}-w-staging`,
        `${prefix}-w-production`,
      ])
      // By id: a rebuilt tag leaves the earlier image untagged under the same repository.
      const images = spawnSync('docker', ['images', '--format', '{{.ID}} {{.Repository}}'], {
        encoding: 'utf8',
      })
      const ids = images.stdout
        .split('\n')
        .filter((line) => line.includes(`/${prefix}`))
        .map((line) => line.split(' ')[0]!)
      dockerRemove('image', [...new Set(ids)])
      registry?.stop()
    })

    it('lints, tests in two shards, gates coverage, builds and pushes, deploys staging and production and smoke-tests them', async () => {
      // Capitals, as ghcr.io/<owner>/<repo> has for an owner such as Octo-Org: Docker takes lower case only.
      const run = await pipeline(copySampleApp(), prefix, undefined, {
        IMAGE: `${registry.server}/Pipeline-Kit/${prefix}`,
      })
      expect(run.result.failure, JSON.stringify(run.result.failure)).toBeUndefined()
      expect(results(run)).toEqual({
        Lint: 'success',
        'Test (1)': 'success',
        'Test (2)': 'success',
        'Coverage gate': 'success',
        Image: 'success',
        'Deploy to staging': 'success',
        'Smoke test staging': 'success',
        'Roll back staging': 'skipped',
        'Deploy to production': 'success',
        'Smoke test production': 'success',
        'Roll back production': 'skipped',
        'Review environment': 'skipped',
        'Remove review environment': 'skipped',
      })
      const image = run.result.jobs.find((j) => j.id === 'image')!.outputs.image!
      expect(image).toMatch(new RegExp(`^${registry.server}/pipeline-kit/${prefix}@sha256:[0-9a-f]{64}$`))
      expect(await health(run.stagingUrl)).toMatchObject({ status: 'ok', environment: 'staging' })
      expect(await health(run.productionUrl)).toMatchObject({ status: 'ok', environment: 'production' })
      const tags = await fetch(`http://${registry.server}/v2/pipeline-kit/${prefix}/tags/list`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`,
        },
      })
      expect(((await tags.json()) as { tags: string[] }).tags).toEqual(expect.arrayContaining(['main']))
      const summaries = run.result.summaries.map((s) => `${s.job}: ${s.markdown.split('\n')[0]}`)
      expect(summaries).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Test \(1\): ## Test results/),
          expect.stringMatching(/^Coverage gate: .*Coverage/),
        ]),
      )
      expect(run.result.annotations.filter((a) => a.level === 'error')).toEqual([])
    })

    it('a failing smoke test stops the pipeline at staging and rolls staging back to the previous release', async () => {
      const broken = copySampleApp({
        'src/server.js': [
          "const reply = handle(req.method ?? 'GET', req.url ?? '/')",
          "const reply = req.url === '/health' ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'degraded' }) } : handle(req.method ?? 'GET', req.url ?? '/')",
        ],
      })
      const run = await pipeline(broken)
      expect(run.result.failure?.job, JSON.stringify(run.result.failure)).toBe('Smoke test staging')
      expect(run.result.failure?.reason).toMatch(/Smoke test failed: \d+ assertion/)
      expect(results(run)).toMatchObject({
        'Deploy to staging': 'success',
        'Smoke test staging': 'failure',
        'Roll back staging': 'success',
        'Deploy to production': 'skipped',
      })
      expect(await health(run.stagingUrl)).toMatchObject({ status: 'ok', environment: 'staging' })
      expect(await health(run.productionUrl)).toMatchObject({ status: 'ok' })
    })

    it('a failing test stops the reusable pipeline at the test job, naming the test', async () => {
      const run = await pipeline(
        copySampleApp({ 'src/app.js': ['return `Hello, ${who.slice(0, 64)}!`', 'return `Hi ${who}`'] }),
        `${prefix}-t`,
        join(toolkitRoot, '.github', 'workflows', 'pipeline.yml'),
      )
      expect(run.result.workflow).toBe('Pipeline (reusable)')
      expect(run.result.failure?.job, JSON.stringify(run.result.failure)).toMatch(/^Test \([12]\)$/)
      expect(run.result.failure?.reason).toMatch(/Tests failed: 2 failed of 2 tests/)
      expect(run.result.annotations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            level: 'error',
            file: 'test/api.test.js',
            title: expect.stringMatching(/greet names the caller/),
            message: expect.stringMatching(/'Hi Ada'/),
          }),
        ]),
      )
      expect(results(run)).toMatchObject({
        'Coverage gate': 'skipped',
        Image: 'skipped',
        'Deploy to staging': 'skipped',
      })
    })

    it('the reusable pipeline runs the install command as written and deploys an image named with capitals', async () => {
      const reusablePorts = { staging: await freePort(), production: await freePort() }
      const run = await runLocalPipeline({
        toolkitRoot,
        workflow: join(toolkitRoot, '.github', 'workflows', 'pipeline.yml'),
        source: copySampleApp(),
        nodeBinary: node24,
        registry,
        containerPrefix: `${prefix}-u`,
        stagingPort: reusablePorts.staging,
        productionPort: reusablePorts.production,
        inputs: {
          'install-command': 'npm ci --no-audit --no-fund && echo "installed as written: $((6 * 7))"',
          image: `${registry.server}/Local-Org/${prefix}-u`,
          'smoke-timeout': '10s',
        },
        log: createRecordingLogger(),
      })
      expect(run.result.failure, JSON.stringify(run.result.failure)).toBeUndefined()
      expect(results(run)).toMatchObject({
        Lint: 'success',
        'Test (1)': 'success',
        'Deploy to staging': 'success',
        'Smoke test production': 'success',
      })
      for (const job of run.result.jobs.filter((j) => ['lint', 'test'].includes(j.id))) {
        const install = job.steps.find((s) => s.name === 'Install')!
        expect(install.logTail.join('\n'), job.name).toMatch(/^installed as written: 42$/m)
      }
      expect(run.result.jobs.find((j) => j.id === 'image')!.outputs.image).toMatch(
        new RegExp(`^${registry.server}/local-org/${prefix}-u@sha256:[0-9a-f]{64}$`),
      )
      expect(await health(run.productionUrl)).toMatchObject({ status: 'ok', environment: 'production' })
    })

    it("a team's small caller workflow runs the reusable pipeline from pipeline-kit/pipeline-kit@v1", async () => {
      const source = copySampleApp()
      const caller = join(source, 'ci', 'caller.yml')
      mkdirSync(dirname(caller), { recursive: true })
      // The README's example, fed from repository variables (runLocalPipeline sets them).
      writeFileSync(
        caller,
        `name: App pipeline
on: push
jobs:
  pipeline:
    uses: pipeline-kit/pipeline-kit/.github/workflows/pipeline.yml@v1
    permissions: { contents: read, checks: write, pull-requests: write, packages: write, deployments: write }
    with:
      node-version: \${{ vars.NODE_VERSION }}
      linters: \${{ vars.LINTERS }}
      image: \${{ vars.IMAGE }}
      registry: \${{ vars.REGISTRY }}
      registry-username: \${{ vars.REGISTRY_USERNAME }}
      build-args: \${{ vars.IMAGE_BUILD_ARGS }}
      container-name: \${{ vars.CONTAINER_NAME }}
      network: \${{ vars.DEPLOY_NETWORK }}
      staging-url: \${{ vars.STAGING_URL }}
      staging-port: \${{ vars.STAGING_PORT }}
      production-url: \${{ vars.PRODUCTION_URL }}
      production-port: \${{ vars.PRODUCTION_PORT }}
      smoke-timeout: \${{ vars.SMOKE_TIMEOUT }}
      track-deployments: false
      coverage-comment: false
    secrets: inherit
  announce:
    needs: pipeline
    runs-on: ubuntu-latest
    steps:
      - id: seen
        run: echo "image=\${{ needs.pipeline.outputs.image }}" >> "$GITHUB_OUTPUT"
`,
      )
      const run = await runLocalPipeline({
        toolkitRoot,
        workflow: caller,
        source,
        nodeBinary: node24,
        registry,
        containerPrefix: `${prefix}-w`,
        stagingPort: await freePort(),
        productionPort: await freePort(),
        vars: { SMOKE_TIMEOUT: '10s' },
        actionMap: { 'pipeline-kit/pipeline-kit@v1': toolkitRoot },
        log: createRecordingLogger(),
      })
      expect(run.result.failure, JSON.stringify(run.result.failure)).toBeUndefined()
      expect(run.result.workflow).toBe('App pipeline')
      expect(results(run)).toMatchObject({
        pipeline: 'success',
        'pipeline / Lint': 'success',
        'pipeline / Test (1)': 'success',
        'pipeline / Image': 'success',
        'pipeline / Deploy to staging': 'success',
        'pipeline / Smoke test production': 'success',
        announce: 'success',
      })
      const image = run.result.jobs.find((j) => j.id === 'announce')!.steps[0]!.outputs.image
      expect(image).toMatch(new RegExp(`^${registry.server}/${prefix}-w@sha256:[0-9a-f]{64}$`))
      expect(await health(run.productionUrl)).toMatchObject({ status: 'ok', environment: 'production' })
    })

    it('coverage under the threshold stops the pipeline at the coverage gate', async () => {
      const run = await pipeline(
        copySampleApp({ 'src/app.js': ['function json(', `${uncoveredCode}\nfunction json(`] }),
        `${prefix}-c`,
      )
      expect(run.result.failure?.job, JSON.stringify(run.result.failure)).toBe('Coverage gate')
      expect(run.result.failure?.reason).toMatch(
        /lines coverage \d+\.\d+% \(\d+ of \d+\) is below min-lines 80%/,
      )
      expect(results(run)).toMatchObject({ 'Test (1)': 'success', 'Test (2)': 'success', Image: 'skipped' })
    })

    it('a pull request gets a review environment on open, removed on close', async () => {
      const name = `${prefix}-r`
      const source = copySampleApp()
      const shas = commitPullRequest(source)
      const port = await freePort()
      const home = mkdtempSync(join(tmpdir(), 'pk-pipeline-home-'))
      const review = (
        action: 'opened' | 'closed',
        engine: { vars?: Record<string, string>; secrets?: Record<string, string> } = {},
        workDir?: string,
      ) =>
        runLocalPipeline({
          toolkitRoot,
          source,
          nodeBinary: node24,
          registry,
          containerPrefix: name,
          vars: { SMOKE_TIMEOUT: '10s', REVIEW_PORT_BASE: String(port - 7), ...engine.vars },
          secrets: engine.secrets,
          // The teardown must not write ~/.ssh: give its runs a home of their own to look at.
          env: action === 'closed' ? { HOME: home } : undefined,
          workDir,
          event: pullRequestEvent(action, 7, `local/${name}`, shas),
          log: createRecordingLogger(),
        })
      const opened = await review('opened')
      expect(opened.result.failure, JSON.stringify(opened.result.failure)).toBeUndefined()
      expect(results(opened)).toMatchObject({
        Image: 'success',
        'Review environment': 'success',
        'Deploy to staging': 'skipped',
        'Deploy to production': 'skipped',
        'Remove review environment': 'skipped',
      })
      // The review host's secrets live on the one `review` environment (per-PR ones would hold none).
      expect(opened.result.jobs.find((j) => j.id === 'review')!.environment).toBe('review')
      expect(await health(`http://127.0.0.1:${port}`)).toMatchObject({ status: 'ok', environment: 'review' })

      // The teardown reaches the review engine over ssh:// with the review environment's key.
      const sshd = await startTestSshd()
      try {
        const overSsh = (knownHosts: string) => ({
          vars: {
            REVIEW_DOCKER_HOST: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`,
            DEPLOY_KNOWN_HOSTS: knownHosts,
          },
          secrets: { DEPLOY_SSH_KEY: sshd.clientKey },
        })
        const impostorDir = mkdtempSync(join(tmpdir(), 'pk-pipeline-teardown-'))
        const impostor = await review('closed', overSsh(sshd.wrongKnownHosts), impostorDir)
        const refused = impostor.result.jobs.find((j) => j.id === 'review-teardown')!
        expect(refused.result).toBe('failure')
        expect(refused.reason).toMatch(
          /Could not list the containers on ssh:\/\/.*, so .*-pr-7 was not removed/,
        )
        expect(refused.steps[0]!.logTail.join('\n')).toMatch(/Host key verification failed/)
        expect(spawnSync('docker', ['inspect', `${name}-pr-7`]).status, 'still there').toBe(0)

        const workDir = mkdtempSync(join(tmpdir(), 'pk-pipeline-teardown-'))
        const closed = await review('closed', overSsh(sshd.knownHosts), workDir)
        expect(
          closed.result.jobs.filter((j) => j.result !== 'skipped').map((j) => `${j.name}: ${j.result}`),
        ).toEqual(['Remove review environment: success'])
        expect(closed.result.jobs.find((j) => j.id === 'review-teardown')!.environment).toBe('review')
        expect(spawnSync('docker', ['inspect', `${name}-pr-7`]).status).not.toBe(0)
        // The key was in RUNNER_TEMP only, and is gone; ~/.ssh was never written.
        for (const dir of [workDir, impostorDir])
          expect(readdirSync(join(dir, 'runner-temp')), dir).toEqual([])
        expect(existsSync(join(home, '.ssh')), '~/.ssh').toBe(false)
      } finally {
        sshd.stop()
      }
    })
  },
)

describe('the Node.js CI starter workflow', () => {
  it('lints, tests in two shards and gates the merged coverage of the sample app', async () => {
    const result = await runWorkflow({
      workflow: join(toolkitRoot, 'workflows-templates', 'node-ci.yml'),
      toolkitRoot,
      source: copySampleApp(),
      nodeBinary: node24,
      env: { PATH: `${dirname(node24)}:${process.env.PATH ?? ''}` },
    })
    expect(result.failure, JSON.stringify(result.failure)).toBeUndefined()
    expect(result.jobs.map((j) => `${j.name}: ${j.result}`)).toEqual([
      'Lint: success',
      'Test (1): success',
      'Test (2): success',
      'Coverage: success',
    ])
    const coverage = result.jobs.find((j) => j.id === 'coverage')!
    expect(coverage.steps.map((s) => s.kind)).toEqual(['local-equivalent', 'local-equivalent', 'action'])
  })
})

describe('pnpm pipeline --workflow (the CLI)', () => {
  it('prints a line per step with its time, the report, and exits 1 naming the failed job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-pipeline-cli-'))
    writeFileSync(
      join(dir, 'ci.yml'),
      [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - name: Say hello',
        '        run: echo "::notice title=Hi::hello from the step" && echo "## Built" >> "$GITHUB_STEP_SUMMARY"',
        '      - uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684 # v4.2.3',
        '        with: { path: x, key: y }',
        '      - uses: someone/unmapped@v1',
        '        continue-on-error: true',
        '  check:',
        '    needs: build',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - name: Broken',
        '        run: exit 4',
        '',
      ].join('\n'),
    )
    const standIn = join(dir, 'cache-stand-in')
    mkdirSync(standIn)
    writeFileSync(
      join(standIn, 'action.yml'),
      'name: Cache\ndescription: stand-in\ninputs:\n  path: {description: p}\n  key: {description: k}\nruns:\n  using: node24\n  main: index.js\n',
    )
    writeFileSync(join(standIn, 'index.js'), 'console.log(`restored ${process.env.INPUT_KEY}`)\n')
    const cache = 'actions/cache@5a3ec84eff668545956fd18022155c47e93e2684'
    const cli = spawnSync(
      'pnpm',
      [
        '--silent',
        'pipeline',
        '--workflow',
        join(dir, 'ci.yml'),
        '--source',
        dir,
        '--action',
        `${cache}=${standIn}`,
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      },
    )
    expect(cli.status, cli.stderr).toBe(1)
    expect(cli.stdout).toMatch(/✓ Say hello \d+ms/)
    expect(cli.stdout).toMatch(/✓ actions\/cache@5a3ec84eff668545956fd18022155c47e93e2684 \d+ms/)
    expect(cli.stdout).toMatch(
      /✗ someone\/unmapped@v1 \d+ms \(continue-on-error\) — someone\/unmapped@v1 is a remote action the local runner cannot fetch; map it .*--action someone\/unmapped@v1=DIR/,
    )
    expect(cli.stdout).toMatch(/✗ Broken \d+ms — exit code 4/)
    expect(cli.stdout).toContain('NOTICE  [build › Say hello] Hi: hello from the step')
    expect(cli.stdout).toContain('│ ## Built')
    expect(cli.stdout).toContain("✗ Pipeline stopped at job 'check': step 'Broken' failed: exit code 4")
  })
})
