import { describe, expect, it } from 'vitest'
import { buildxCommand, classicCommand, parseCsvAttributes } from './build-command'
import type { BuildOptions, BuildTarget } from './build-options'

const files = { iidFile: '/tmp/x/iid', metadataFile: '/tmp/x/meta.json' }
const target: BuildTarget = {
  references: ['127.0.0.1:5000/app:1.2.3', '127.0.0.1:5000/app:latest'],
  labels: { 'org.opencontainers.image.version': '1.2.3' },
  annotations: ['manifest:org.opencontainers.image.version=1.2.3'],
}
const base: BuildOptions = {
  context: 'app',
  buildArgs: {},
  pull: false,
  noCache: false,
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  secrets: {},
}
const full: BuildOptions = {
  ...base,
  file: 'docker/prod.Dockerfile',
  target: 'runtime',
  buildArgs: { NODE_VERSION: '24', EMPTY: '' },
  pull: true,
  noCache: true,
  platforms: ['linux/amd64', 'linux/arm64'],
  cacheFrom: ['type=gha', 'type=registry,ref=127.0.0.1:5000/app:cache'],
  cacheTo: ['type=gha,mode=max'],
  provenance: 'mode=max',
  sbom: 'true',
  secrets: { npm: 'npm-token-value', github: 'ghs_secret' },
}

describe('buildxCommand', () => {
  it('passes every BuildKit option, secrets through the environment only', () => {
    const command = buildxCommand(full, target, files, true, true)
    expect(command.args).toEqual([
      'buildx',
      'build',
      '--file',
      'docker/prod.Dockerfile',
      '--iidfile',
      '/tmp/x/iid',
      '--target',
      'runtime',
      '--build-arg',
      'NODE_VERSION=24',
      '--build-arg',
      'EMPTY=',
      '--label',
      'org.opencontainers.image.version=1.2.3',
      '--tag',
      '127.0.0.1:5000/app:1.2.3',
      '--tag',
      '127.0.0.1:5000/app:latest',
      '--pull',
      '--no-cache',
      '--metadata-file',
      '/tmp/x/meta.json',
      '--platform',
      'linux/amd64,linux/arm64',
      '--cache-from',
      'type=gha',
      '--cache-from',
      'type=registry,ref=127.0.0.1:5000/app:cache',
      '--cache-to',
      'type=gha,mode=max',
      '--provenance=mode=max',
      '--sbom=true',
      '--secret',
      'id=npm,env=PK_BUILD_SECRET_0',
      '--secret',
      'id=github,env=PK_BUILD_SECRET_1',
      '--annotation',
      'manifest:org.opencontainers.image.version=1.2.3',
      '--push',
      'app',
    ])
    expect(command.env).toEqual({ PK_BUILD_SECRET_0: 'npm-token-value', PK_BUILD_SECRET_1: 'ghs_secret' })
    expect(command.args.join(' ')).not.toMatch(/npm-token-value|ghs_secret/)
    expect(command.ignored).toEqual([])
    expect(command.pushes).toBe(true)
    expect(command.pullFirst).toEqual([])
  })

  it('loads a single-platform image when not pushing; the docker driver drops annotations, said so', () => {
    const command = buildxCommand(base, target, files, false, false)
    expect(command.args.slice(-2)).toEqual(['--load', 'app'])
    expect(command.args).toContain('app/Dockerfile')
    expect(command.args).not.toContain('--annotation')
    expect(command.ignored).toEqual([
      'annotations (the buildx docker driver cannot write manifest annotations; labels are set)',
    ])
  })

  it('cannot load a multi-platform image and says so', () => {
    const command = buildxCommand(
      { ...base, platforms: ['linux/amd64', 'linux/arm64'] },
      target,
      files,
      false,
      true,
    )
    expect(command.args).not.toContain('--load')
    expect(command.ignored[0]).toMatch(/^load \(a multi-platform image/)
  })
})

describe('classicCommand', () => {
  it('builds with DOCKER_BUILDKIT=0 and lists every ignored option with its reason', () => {
    const command = classicCommand(full, target, files)
    expect(command.engine).toBe('classic')
    expect(command.env).toEqual({ DOCKER_BUILDKIT: '0' })
    expect(command.args.slice(0, 7)).toEqual([
      'build',
      '--force-rm',
      '--file',
      'docker/prod.Dockerfile',
      '--iidfile',
      '/tmp/x/iid',
      '--target',
    ])
    expect(command.args).toContain('--pull')
    expect(command.args).toContain('--no-cache')
    // a registry cache becomes an image cache source, which the classic builder reads
    expect(command.args).toEqual(expect.arrayContaining(['--cache-from', '127.0.0.1:5000/app:cache']))
    expect(command.pullFirst).toEqual(['127.0.0.1:5000/app:cache'])
    expect(command.args).not.toContain('--platform')
    expect(command.args).not.toContain('--secret')
    expect(command.args).not.toContain('--push')
    expect(command.args.at(-1)).toBe('app')
    expect(command.ignored).toEqual([
      "platforms linux/amd64,linux/arm64 (the classic builder builds for the engine's platform)",
      'cache-from type=gha (the classic builder only reads cache from images: type=registry,ref=…)',
      'cache-to type=gha,mode=max (the classic builder cannot export a cache)',
      'provenance (needs BuildKit)',
      'sbom (needs BuildKit)',
      'secret npm (build secrets need BuildKit; a RUN --mount=type=secret step will fail)',
      'secret github (build secrets need BuildKit; a RUN --mount=type=secret step will fail)',
      'annotations (the classic builder writes no manifest annotations; labels are set)',
    ])
    expect(JSON.stringify(command)).not.toMatch(/npm-token-value|ghs_secret/)
  })

  it('ignores nothing for plain options', () => {
    expect(classicCommand(base, { ...target, annotations: [] }, files).ignored).toEqual([])
  })

  it('parseCsvAttributes', () => {
    expect(parseCsvAttributes('type=registry,ref=r:1,mode=max')).toEqual({
      type: 'registry',
      ref: 'r:1',
      mode: 'max',
    })
  })
})
