import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRecordingLogger, type ProcessResult } from '@pipeline-kit/common'
import type { ImageMetadata } from '@pipeline-kit/image-meta'
import { explainBuildFailure } from './build-image'
import type { DockerCallOptions, DockerRunner } from '@pipeline-kit/docker'
import { SecretList } from './docker'
import { chooseBuildEngine } from './engine'
import { loginRegistries, logoutRegistries } from './login'
import { describeBuild, runImageBuild, shouldPush } from './run-image-build'
import { renderBuildSummary } from './summary'

interface Call {
  args: readonly string[]
  options: DockerCallOptions
}

/** A scripted docker CLI: answers by the first arguments, records every call. */
function scriptedDocker(
  answer: (args: readonly string[], options: DockerCallOptions) => Partial<ProcessResult>,
) {
  const calls: Call[] = []
  const docker: DockerRunner = async (args, options = {}) => {
    calls.push({ args, options })
    const a = answer(args, options)
    return {
      command: 'docker',
      args,
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      durationMs: 5,
      timedOut: false,
      ...a,
    }
  }
  return { docker, calls }
}

describe('login', () => {
  it('sends the password on stdin only and logs out in order', async () => {
    const { docker, calls } = scriptedDocker(() => ({ stdout: 'Login Succeeded' }))
    const log = createRecordingLogger()
    const secrets = new SecretList()
    const seen: string[] = []
    const done = await loginRegistries(
      docker,
      [
        { registry: 'ghcr.io', username: 'octo', password: 'p@ss w0rd' },
        { registry: '127.0.0.1:5000', username: 'bot', password: 'tok' },
      ],
      secrets,
      log,
      (r) => seen.push(r),
    )
    expect(done).toEqual(['ghcr.io', '127.0.0.1:5000'])
    expect(seen).toEqual(done)
    expect(calls[0]!.args).toEqual(['login', '--username', 'octo', '--password-stdin', '--', 'ghcr.io'])
    expect(calls[0]!.options.input).toBe('p@ss w0rd')
    expect(calls.flatMap((c) => c.args).join(' ')).not.toMatch(/p@ss|tok\b/)
    expect(secrets.all).toEqual(['p@ss w0rd', 'tok'])
    await logoutRegistries(docker, done, log)
    expect(calls.slice(2).map((c) => c.args)).toEqual([
      ['logout', '--', 'ghcr.io'],
      ['logout', '--', '127.0.0.1:5000'],
    ])
  })

  it('a refused login names registry and user, explains, and never echoes the password', async () => {
    const { docker } = scriptedDocker(() => ({
      exitCode: 1,
      stderr:
        'Error response from daemon: login attempt to http://r/v2/ failed with status: 401 Unauthorized (password hunter2)',
    }))
    const error = await loginRegistries(
      docker,
      [{ registry: 'r', username: 'bot', password: 'hunter2' }],
      new SecretList(),
      createRecordingLogger(),
    ).catch((e: Error) => e)
    expect((error as Error).message).toMatch(
      /^Login to r as bot failed: the registry refused the credentials/,
    )
    expect((error as Error).message).not.toContain('hunter2')
  })
})

describe('chooseBuildEngine', () => {
  it('buildx when the plugin answers, with its driver', async () => {
    const { docker } = scriptedDocker((args) =>
      args[1] === 'version'
        ? { stdout: 'github.com/docker/buildx v0.23.0 28f9a3b\n' }
        : { stdout: 'Name:   default\nDriver: docker\n' },
    )
    expect(await chooseBuildEngine(docker, 'auto')).toEqual({
      engine: 'buildx',
      reason: 'github.com/docker/buildx v0.23.0 28f9a3b, builder driver docker',
      driver: 'docker',
    })
  })

  it('classic without the plugin; engine: buildx then is an error', async () => {
    const { docker } = scriptedDocker(() => ({
      exitCode: 1,
      stderr: 'docker: unknown command: docker buildx',
    }))
    expect(await chooseBuildEngine(docker, 'auto')).toMatchObject({
      engine: 'classic',
      reason: '`docker buildx` is not installed',
    })
    await expect(chooseBuildEngine(docker, 'buildx')).rejects.toThrow(
      "Input 'engine' is buildx but `docker buildx` is not installed",
    )
    const none = scriptedDocker(() => ({}))
    expect(await chooseBuildEngine(none.docker, 'classic')).toMatchObject({ engine: 'classic' })
    expect(none.calls).toEqual([])
  })
})

describe('explainBuildFailure', () => {
  it.each([
    [
      "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
      'the step `/bin/sh -c exit 3` exited with code 3',
    ],
    [
      'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      'the step `/bin/sh -c make` exited with code 2',
    ],
    [
      'COPY failed: file not found in build context or excluded by .dockerignore: stat app.js: file does not exist',
      'a COPY/ADD source is missing: file not found in build context or excluded by .dockerignore: stat app.js: file does not exist',
    ],
    [
      'pull access denied for nosuch, repository does not exist',
      'a base image could not be pulled (is it built locally or are you logged in to its registry?)',
    ],
    [
      'Error response from daemon: dockerfile parse error line 2: unknown instruction: RUNN',
      'the Dockerfile does not parse',
    ],
    ['something else', 'see the build log above'],
  ])('%s', (output, expected) => expect(explainBuildFailure(output)).toBe(expected))
})

describe('runImageBuild with a scripted classic engine', () => {
  const metadata: ImageMetadata = {
    images: ['127.0.0.1:5000/app'],
    tags: ['1.2.3', 'latest'],
    references: ['127.0.0.1:5000/app:1.2.3', '127.0.0.1:5000/app:latest'],
    version: '1.2.3',
    latest: true,
    prerelease: false,
    labels: { 'org.opencontainers.image.version': '1.2.3' },
    annotations: ['manifest:org.opencontainers.image.version=1.2.3'],
    produced: [],
    notes: [],
  }
  const workspace = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-imgbuild-unit-'))
    mkdirSync(join(dir, 'app'))
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM scratch\n')
    return dir
  }
  const digest = `sha256:${'ab'.repeat(32)}`

  it('logs in, builds, pushes every reference, reads the registry digest and inspects', async () => {
    const cwd = workspace()
    const tempDir = mkdtempSync(join(tmpdir(), 'pk-imgbuild-unit-'))
    const { docker, calls } = scriptedDocker((args) => {
      if (args[0] === 'buildx') return { exitCode: 1 }
      if (args[0] === 'build') {
        writeFileSync(join(tempDir, 'iid'), 'sha256:1111')
        return { durationMs: 1500 }
      }
      if (args[0] === 'push') return { stdout: `${args[1]!.split(':').pop()}: digest: ${digest} size: 527\n` }
      if (args[0] === 'image')
        return { stdout: JSON.stringify({ Size: 2_200_000, Config: { Labels: {} }, RepoDigests: [] }) }
      return {}
    })
    const log = createRecordingLogger()
    const result = await runImageBuild(
      {
        metadata,
        build: {
          context: 'app',
          buildArgs: {},
          pull: false,
          noCache: false,
          platforms: ['linux/arm64'],
          cacheFrom: [],
          cacheTo: [],
          secrets: {},
        },
        push: true,
        engine: 'auto',
        logins: [{ registry: '127.0.0.1:5000', username: 'bot', password: 'pw-1' }],
        scan: 'off',
        cwd,
        tempDir,
      },
      { docker, secrets: new SecretList(), log },
    )
    expect(calls.map((c) => c.args[0])).toEqual(['buildx', 'login', 'build', 'image', 'push', 'push'])
    expect(result).toMatchObject({
      engine: 'classic',
      imageId: 'sha256:1111',
      digest,
      pushed: true,
      sizeBytes: 2_200_000,
      buildMs: 1500,
    })
    expect(result.digests).toEqual({
      '127.0.0.1:5000/app:1.2.3': digest,
      '127.0.0.1:5000/app:latest': digest,
    })
    const messages = log.lines.map((l) => `${l.level}: ${l.message}`)
    expect(messages).toContain('info: Build engine: classic docker build — `docker buildx` is not installed')
    expect(messages).toContain(
      "warning: The classic build ignores 2 option(s): platforms linux/arm64 (the classic builder builds for the engine's platform); annotations (the classic builder writes no manifest annotations; labels are set)",
    )
    const summary = renderBuildSummary(result)
    expect(summary).toContain(`| Digest | \`${digest}\` |`)
    expect(summary).toContain('| Size | 2.1 MiB |')
    expect(summary).toContain('| Build time | 1.5s |')
    expect(summary).toContain('- `127.0.0.1:5000/app:latest` (pushed)')
    expect(describeBuild(result)).toMatchObject({ digest, engine: 'classic', pushed: true })
  })

  it('a missing Dockerfile fails before any docker call, naming the input', async () => {
    const cwd = workspace()
    const { docker, calls } = scriptedDocker(() => ({}))
    const request = {
      metadata,
      build: {
        context: 'app',
        file: 'app/Nope.Dockerfile',
        buildArgs: {},
        pull: false,
        noCache: false,
        platforms: [],
        cacheFrom: [],
        cacheTo: [],
        secrets: {},
      },
      push: false,
      engine: 'auto' as const,
      logins: [],
      scan: 'off' as const,
      cwd,
      tempDir: cwd,
    }
    await expect(
      runImageBuild(request, { docker, secrets: new SecretList(), log: createRecordingLogger() }),
    ).rejects.toThrow(/^Input 'file' is 'app\/Nope.Dockerfile': .*Nope.Dockerfile does not exist/)
    await expect(
      runImageBuild(
        { ...request, build: { ...request.build, context: 'nope', file: undefined } },
        { docker, secrets: new SecretList(), log: createRecordingLogger() },
      ),
    ).rejects.toThrow(/^Input 'context' is 'nope', which is not a directory/)
    expect(calls).toEqual([])
  })

  it('push: auto skips pull requests', () => {
    expect(shouldPush('auto', true)).toBe(false)
    expect(shouldPush('auto', false)).toBe(true)
    expect(shouldPush('true', true)).toBe(true)
    expect(shouldPush('false', false)).toBe(false)
  })
})

describe('runImageBuild with scan-secrets', () => {
  const digest = `sha256:${'cd'.repeat(32)}`
  const setup = () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pk-imgbuild-unit-'))
    writeFileSync(join(cwd, 'Dockerfile'), 'FROM scratch\n')
    const { docker, calls } = scriptedDocker((args) => {
      if (args[0] === 'buildx') return { exitCode: 1 }
      if (args[0] === 'build') writeFileSync(join(cwd, 'iid'), 'sha256:2222')
      if (args[0] === 'push') return { stdout: `x: digest: ${digest} size: 1\n` }
      if (args[0] === 'image') return { exitCode: 1 }
      return {}
    })
    const finding = { path: '/app/.env', layer: 2, reason: 'dotenv file', removedLater: true }
    const request = {
      metadata: {
        images: ['r/app'],
        tags: ['1'],
        references: ['r/app:1'],
        version: '1',
        latest: false,
        prerelease: false,
        labels: {},
        annotations: [],
        produced: [],
        notes: [],
      },
      build: {
        context: '.',
        buildArgs: {},
        pull: false,
        noCache: false,
        platforms: [],
        cacheFrom: [],
        cacheTo: [],
        secrets: {},
      },
      push: true,
      engine: 'auto' as const,
      logins: [],
      cwd,
      tempDir: cwd,
    }
    const scanImage = async () => ({ findings: [finding], layers: 3, filesScanned: 10 })
    return { docker, calls, request, scanImage }
  }

  it('fail: stops before pushing and lists the findings', async () => {
    const { docker, calls, request, scanImage } = setup()
    await expect(
      runImageBuild(
        { ...request, scan: 'fail' },
        { docker, secrets: new SecretList(), log: createRecordingLogger(), scanImage },
      ),
    ).rejects.toThrow(
      'The image contains 1 file(s) that look like secrets (scan-secrets: fail); nothing was pushed: /app/.env (dotenv file, layer 2)',
    )
    expect(calls.some((c) => c.args[0] === 'push')).toBe(false)
  })

  it('warn: pushes, reports the findings in the result, the summary and the log', async () => {
    const { docker, request, scanImage } = setup()
    const log = createRecordingLogger()
    const result = await runImageBuild(
      { ...request, scan: 'warn' },
      { docker, secrets: new SecretList(), log, scanImage },
    )
    expect(result.digest).toBe(digest)
    expect(result.sizeBytes).toBeUndefined()
    expect(result.scan?.findings).toHaveLength(1)
    expect(log.lines.map((l) => l.message)).toContain('Secret scan: 1 possible secret(s) in 3 layer(s)')
    const summary = renderBuildSummary(result)
    expect(summary).toContain('| 2 | /app/.env | dotenv file | yes (still in the layer) |')
    expect(summary).toContain('| Size | unknown |')
  })
})
