import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectSecretNowhere, runActionBundle, runActionWithPost } from '../harness'
import { registryAvailable, startTestRegistry, type TestRegistry } from '../deploy-swarm/registry'
import {
  buildBusyboxImage,
  dockerRemove,
  manifestRequests,
  needDocker,
  requireService,
  startFlakyProxy,
} from '../services'
import { getConfigBlob, getManifest } from './registry-api'

const id = randomBytes(3).toString('hex')
const base = `pk-imgbuild-base-${id}:1`
const repo = `pk-imgbuild/app-${id}`
const events = join(import.meta.dirname, '..', '..', 'packages', 'image-meta', 'fixtures', 'events')
const event = (name: string, file: string) => ({
  name,
  payload: JSON.parse(readFileSync(join(events, file), 'utf8')) as object,
})
const SHA = '4f9c2b1e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c'
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const buildxInstalled = () => spawnSync('docker', ['buildx', 'version'], { stdio: 'ignore' }).status === 0

const imageIds: string[] = []
let registry: TestRegistry
let dockerConfig: string

/** A workspace with a Dockerfile (and files) built on the local busybox base. */
function workspace(dockerfile: string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-imgbuild-ws-'))
  mkdirSync(join(dir, 'app'))
  writeFileSync(join(dir, 'app', 'Dockerfile'), [`FROM ${base}`, ...dockerfile].join('\n') + '\n')
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'app', name), content)
  return dir
}

const logins = () => ({ username: registry.username, password: registry.password })
const env = () => ({ DOCKER_CONFIG: dockerConfig })
const registryAuths = () => {
  const file = join(dockerConfig, 'config.json')
  return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8')).auths ?? {}) : []
}

describe.runIf(
  needDocker() &&
    requireService('docker-registry', registryAvailable, 'apt-get install docker-registry apache2-utils'),
)('image-build against a real engine and a real htpasswd registry', () => {
  beforeAll(async () => {
    registry = await startTestRegistry()
    dockerConfig = mkdtempSync(join(tmpdir(), 'pk-imgbuild-docker-config-'))
    buildBusyboxImage(base)
  })

  afterAll(() => {
    registry?.stop()
    dockerRemove('image', [...new Set(imageIds)])
    dockerRemove('image', [base])
    rmSync(dockerConfig, { recursive: true, force: true })
  })

  it('a release tag: builds, pushes five tags, every tag resolves to the reported digest, labels in the config; post logs out', async () => {
    const ws = workspace(['COPY hello.txt /app/hello.txt', 'RUN echo built > /app/built.txt'], {
      'hello.txt': 'hi\n',
    })
    const image = `${registry.server}/${repo}`
    const options = {
      action: 'image-build',
      workspace: ws,
      event: event('push', 'push-tag-release.json'),
      env: env(),
      inputs: { images: image, context: 'app', labels: 'com.example.team=platform', ...logins() },
    }
    const main = await runActionBundle(options)
    expect(main.failures).toEqual([])
    expect(main.exitCode).toBe(0)
    const tags = ['1.2.3', '1.2', '1', 'sha-4f9c2b1', 'latest']
    expect(main.outputs.tags!.split('\n')).toEqual(tags.map((t) => `${image}:${t}`))
    expect(main.outputs.version).toBe('1.2.3')
    const digest = main.outputs.digest!
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    imageIds.push(main.outputs['image-id']!)

    for (const tag of tags) {
      const resolved = await getManifest(registry, repo, tag)
      expect({ tag, status: resolved.status, digest: resolved.digest }).toEqual({ tag, status: 200, digest })
    }
    const manifest = await getManifest(registry, repo, digest)
    const configDigest = manifest.manifest!.config!.digest
    expect(configDigest).toBe(main.outputs['image-id'])
    const labels = (await getConfigBlob(registry, repo, configDigest)).config!.Labels!
    expect(labels).toMatchObject({
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/octo/app',
      'org.opencontainers.image.title': 'app',
      'org.opencontainers.image.licenses': 'MIT',
      'com.example.team': 'platform',
    })
    expect(main.outputs.labels!.split('\n')).toContain('org.opencontainers.image.version=1.2.3')
    const metadata = JSON.parse(main.outputs.metadata!)
    expect(metadata).toMatchObject({ version: '1.2.3', digest, pushed: true, tags })
    expect(Object.values(metadata.digests)).toEqual(tags.map(() => digest))

    const engine = buildxInstalled() ? 'BuildKit (docker buildx build)' : 'classic docker build'
    expect(main.stdout).toContain(`Build engine: ${engine}`)
    expect(main.summary).toContain(`| Digest | \`${digest}\` |`)
    expect(main.summary).toMatch(/\| Size \| [\d.]+ (KiB|MiB) \|/)
    expect(main.summary).toMatch(/\| Build time \| [\d.]+(ms|s) \|/)
    expect(main.summary).toContain(`- \`${image}:latest\` (pushed)`)
    expect(main.masks).toContain(registry.password)
    expect(main.state['logged-in-registries']).toBe(JSON.stringify([registry.server]))
    expect(registryAuths()).toContain(registry.server)

    // the post step, as the runner runs it: same workspace and environment, main's state
    const post = await runActionBundle({ ...options, phase: 'post', state: main.state })

    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain(`Logged out of ${registry.server}`)
    expect(registryAuths()).not.toContain(registry.server)
    expectSecretNowhere(main, registry.password)
    expectSecretNowhere(post, registry.password)
  })

  it('two registries: one login by username/password, one by logins; both get every tag with one digest', async () => {
    const second = await startTestRegistry()
    try {
      const images = [`${registry.server}/${repo}`, `${second.server}/${repo}`]
      const options = {
        action: 'image-build',
        workspace: workspace(['COPY two.txt /two.txt'], { 'two.txt': '2\n' }),
        event: event('push', 'push-main.json'),
        env: env(),
        inputs: {
          images: images.join('\n'),
          context: 'app',
          ...logins(),
          logins: `${second.server} ${second.username} ${second.password}`,
          // the image the first test pushed; the classic builder needs it local, so it is pulled first
          'cache-from': `type=registry,ref=${registry.server}/${repo}:1.2.3`,
        },
      }
      const main = await runActionBundle(options)
      expect(main.failures).toEqual([])
      imageIds.push(main.outputs['image-id']!, `${registry.server}/${repo}:1.2.3`)
      if (!buildxInstalled())
        expect(main.stdout).toContain(`Pulled the cache image ${registry.server}/${repo}:1.2.3`)
      expect(main.outputs.tags!.split('\n')).toEqual(images.flatMap((i) => [`${i}:main`, `${i}:sha-4f9c2b1`]))
      const digest = main.outputs.digest!
      for (const [target, name] of [
        [registry, repo],
        [second, repo],
      ] as const) {
        for (const tag of ['main', 'sha-4f9c2b1'])
          expect((await getManifest(target, name, tag)).digest).toBe(digest)
      }
      expect(JSON.parse(main.state['logged-in-registries']!)).toEqual([registry.server, second.server])
      const post = await runActionBundle({ ...options, phase: 'post', state: main.state })
      expect(post.stdout).toContain(`Logged out of ${second.server}`)
      expect(registryAuths()).toEqual([])
      for (const run of [main, post]) {
        expectSecretNowhere(run, registry.password)
        expectSecretNowhere(run, second.password)
      }
    } finally {
      second.stop()
    }
  })

  it('a registry that answers 503 and resets connections: login, cache pull and push succeed on a later attempt, the log says which', async () => {
    const proxy = await startFlakyProxy(registry.server)
    try {
      const image = `${proxy.server}/${repo}`
      const cache = `${proxy.server}/${repo}:1.2.3` // pushed by the first test
      proxy.fail(2, { status: 503 }) // login, attempt 1: the ping and the credentials check
      proxy.fail(2, { status: 503 }, manifestRequests('HEAD', 'GET')) // cache pull, attempt 1
      proxy.fail(1, { reset: true }, manifestRequests('PUT')) // push of the first tag, attempt 1
      const { main, post } = await runActionWithPost({
        action: 'image-build',
        workspace: workspace(['COPY flaky.txt /flaky.txt'], { 'flaky.txt': 'retried\n' }),
        event: event('push', 'push-main.json'),
        env: env(),
        inputs: {
          images: image,
          context: 'app',
          engine: 'classic',
          'cache-from': `type=registry,ref=${cache}`,
          ...logins(),
        },
      })
      expect(main.failures).toEqual([])
      imageIds.push(main.outputs['image-id']!, cache)
      const retried = (operation: string, reason: string) => [
        expect.stringMatching(
          new RegExp(
            `^${escape(operation)} failed on attempt 1 of 4 \\(${escape(reason)}\\); retrying in \\d+\\.\\ds$`,
          ),
        ),
        `${operation} succeeded on attempt 2 of 4`,
      ]
      const lines = main.stdout.split('\n')
      for (const [operation, reason] of [
        [`docker login ${proxy.server}`, 'HTTP 503 Service Unavailable'],
        [`docker pull ${cache}`, 'HTTP 503 Service Unavailable'],
        [`docker push ${image}:main`, 'connection reset by peer'],
      ] as const) {
        expect(lines.filter((l) => l.startsWith(operation))).toEqual(retried(operation, reason))
      }
      expect(main.stdout).toContain(`Pulled the cache image ${cache}`)
      expect(proxy.failed().map((r) => `${r.method} ${r.outcome}`)).toEqual([
        'GET 503',
        'GET 503',
        'HEAD 503',
        'GET 503',
        'PUT reset',
      ])
      const digest = main.outputs.digest!
      for (const tag of ['main', 'sha-4f9c2b1'])
        expect((await getManifest(registry, repo, tag)).digest).toBe(digest)
      expect(post.stdout).toContain(`Logged out of ${proxy.server}`)
      expectSecretNowhere(main, registry.password)
    } finally {
      await proxy.stop()
    }
  })

  it('a 401 is final: a wrong password is tried again after a 503, never after the 401', async () => {
    const proxy = await startFlakyProxy(registry.server)
    try {
      proxy.fail(2, { status: 503 })
      const wrong = `wrong-${randomBytes(6).toString('hex')}`
      const run = await runActionBundle({
        action: 'image-build',
        workspace: workspace([]),
        env: env(),
        inputs: {
          images: `${proxy.server}/${repo}`,
          context: 'app',
          username: registry.username,
          password: wrong,
        },
      })
      expect(run.exitCode).toBe(1)
      expect(run.failures[0]).toMatch(
        new RegExp(
          `^Login to ${escape(proxy.server)} as ${registry.username} failed after 2 attempts: the registry refused the credentials`,
        ),
      )
      expect(run.stdout).toContain(
        `docker login ${proxy.server} failed on attempt 2 of 4 (HTTP 401 Unauthorized); not retried`,
      )
      expect(proxy.requests.map((r) => r.outcome)).toEqual([503, 503, 401, 401])
      expectSecretNowhere(run, wrong)
    } finally {
      await proxy.stop()
    }
  })

  it('a pull request: pr-42 built but not pushed; ignored options and a deleted .env are reported', async () => {
    const ws = workspace(['COPY . /app/', 'RUN rm /app/.env'], { '.env': 'API_KEY=abc\n', 'main.txt': 'x\n' })
    const image = `${registry.server}/${repo}`
    const run = await runActionBundle({
      action: 'image-build',
      workspace: ws,
      event: event('pull_request', 'pull-request.json'),
      env: env(),
      inputs: {
        images: image,
        context: 'app',
        platforms: 'linux/amd64,linux/arm64',
        'cache-to': 'type=gha,mode=max',
        secrets: 'npm=s3cr3t-build-value',
        engine: 'classic',
        'scan-secrets': 'warn',
      },
    })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs.tags!.split('\n')).toEqual([`${image}:pr-42`, `${image}:sha-aaaaaaa`]) // the harness's GITHUB_SHA for a PR is its head
    expect(run.outputs.digest).toBe('')
    imageIds.push(run.outputs['image-id']!)
    expect((await getManifest(registry, repo, 'pr-42')).status).toBe(404)
    const local = spawnSync(
      'docker',
      ['image', 'inspect', '--format', '{{json .Config.Labels}}', `${image}:pr-42`],
      {
        encoding: 'utf8',
      },
    )
    expect(JSON.parse(local.stdout)).toMatchObject({ 'org.opencontainers.image.version': 'pr-42' })
    expect(run.stdout).toContain("Build engine: classic docker build — input 'engine' is classic")
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^The classic build ignores 4 option\(s\): platforms linux\/amd64,linux\/arm64 .*cache-to type=gha,mode=max .*secret npm .*annotations/,
      ),
    )
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^\/app\/\.env \(dotenv file\) in layer \d+ from `COPY dir:.* in \/app\/\s*`; deleted by a later layer but still shipped in this one$/,
      ),
    )
    expect(run.summary).toContain('### Possible secrets in the image')
    expect(run.summary).toContain('| Digest | not pushed |')
    expectSecretNowhere(run, 's3cr3t-build-value')
  })

  it('a wrong password: a clear login failure, the password nowhere', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`
    const run = await runActionBundle({
      action: 'image-build',
      workspace: workspace([]),
      env: env(),
      inputs: {
        images: `${registry.server}/${repo}`,
        context: 'app',
        username: registry.username,
        password: wrong,
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      new RegExp(
        `^Login to ${registry.server} as ${registry.username} failed: the registry refused the credentials; check the username and the password or token secret`,
      ),
    )
    expect(run.state['logged-in-registries']).toBeUndefined()
    expectSecretNowhere(run, wrong)
  })

  it('a registry that is down: says it cannot be reached, the password nowhere', async () => {
    const down = await startTestRegistry()
    down.stop()
    const run = await runActionBundle({
      action: 'image-build',
      workspace: workspace([]),
      env: env(),
      inputs: {
        images: `${down.server}/app`,
        context: 'app',
        username: down.username,
        password: down.password,
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      new RegExp(
        `^Login to ${down.server} as ${down.username} failed after 4 attempts: the registry could not be reached`,
      ),
    )
    expectSecretNowhere(run, down.password)
  })

  it('a missing Dockerfile names the input before any login', async () => {
    const run = await runActionBundle({
      action: 'image-build',
      workspace: workspace([]),
      env: env(),
      inputs: {
        images: `${registry.server}/${repo}`,
        context: 'app',
        file: 'app/Prod.Dockerfile',
        ...logins(),
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.annotations[0]).toMatchObject({ level: 'error', file: 'app/Prod.Dockerfile' })
    expect(run.annotations[0]!.message).toMatch(
      /^Input 'file' is 'app\/Prod.Dockerfile': .*app\/Prod.Dockerfile does not exist/,
    )
    expect(run.state['logged-in-registries']).toBeUndefined()
    expectSecretNowhere(run, registry.password)
  })

  it('a malformed secrets line: named by its line number, never echoed, nothing built or logged in', async () => {
    const value = `npm-${randomBytes(6).toString('hex')}`
    const run = await runActionBundle({
      action: 'image-build',
      workspace: workspace([]),
      env: env(),
      inputs: {
        images: `${registry.server}/${repo}`,
        context: 'app',
        secrets: `sentry=ok-value\nnpm ${value}`,
        ...logins(),
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([
      "Input 'secrets' has an invalid line 2 (not shown: it may hold a secret): expected id=value lines",
    ])
    expect(run.masks).toContain(`npm ${value}`)
    expect(run.state['logged-in-registries']).toBeUndefined()
    expectSecretNowhere(run, value)
    expectSecretNowhere(run, registry.password)
  })

  it('a failing RUN step names the step and its exit code; the login is still undone by post', async () => {
    const { main, post } = await runActionWithPost({
      action: 'image-build',
      workspace: workspace(['RUN echo compiling && exit 3']),
      env: env(),
      inputs: { images: `${registry.server}/${repo}`, context: 'app', tags: 'broken', ...logins() },
    })
    expect(main.exitCode).toBe(1)
    expect(main.failures[0]).toMatch(
      /failed \(exit \d+\): the step `\/bin\/sh -c echo compiling && exit 3` exited with code 3/,
    )
    expect(main.stdout).toContain('compiling')
    expect(post.stdout).toContain(`Logged out of ${registry.server}`)
    expect((await getManifest(registry, repo, 'broken')).status).toBe(404)
    expectSecretNowhere(main, registry.password)
    expectSecretNowhere(post, registry.password)
  })

  it.runIf(!buildxInstalled())(
    'engine: buildx without the plugin is an error, never a silent fallback',
    async () => {
      const run = await runActionBundle({
        action: 'image-build',
        workspace: workspace([]),
        env: env(),
        inputs: { images: `${registry.server}/${repo}`, context: 'app', engine: 'buildx', push: 'false' },
      })
      expect(run.exitCode).toBe(1)
      expect(run.failures[0]).toMatch(/^Input 'engine' is buildx but `docker buildx` is not installed/)
    },
  )
})
