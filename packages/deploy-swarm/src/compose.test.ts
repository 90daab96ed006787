import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  applyUpdateDefaults,
  composeImages,
  composeServiceNetworking,
  composeUpdateConfig,
  imageRepository,
  readComposeFile,
  substituteImage,
} from './compose'
import { DEFAULT_ROLLING_UPDATE } from './options'

const made: string[] = []
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
/** A private temporary directory, removed after the suite. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-swarm-compose-'))
  made.push(dir)
  return dir
}

function compose(text: string) {
  const dir = tempDir()
  writeFileSync(join(dir, 'stack.yml'), text)
  return { dir, file: readComposeFile('stack.yml', dir) }
}

const twoServices = `services:
  web:
    image: ghcr.io/acme/web:latest
  worker:
    image: ghcr.io/acme/worker:1
    deploy:
      update_config:
        parallelism: 3
`

describe('compose files', () => {
  it('names the input and the path when the file is missing', () => {
    expect(() => readComposeFile('deploy/stack.yml', '/nonexistent')).toThrow(
      'Input compose-file names "deploy/stack.yml", but there is no such file (looked at /nonexistent/deploy/stack.yml)',
    )
    expect(() => readComposeFile('', '/')).toThrow('Input compose-file is required')
  })

  it('names the file and line of invalid YAML', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.yml'), 'services:\n  web:\n    image: [unclosed\n')
    let error: any
    try {
      readComposeFile('bad.yml', dir)
    } catch (e) {
      error = e
    }
    expect(error.message).toMatch(/^Compose file bad\.yml is not valid YAML \(line \d\)/)
    expect(error.location).toMatchObject({ file: 'bad.yml' })
  })

  it('requires services', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'empty.yml'), 'version: "3.8"\n')
    expect(() => readComposeFile('empty.yml', dir)).toThrow('Compose file empty.yml has no services')
  })

  it('substitutes the image for services of the same repository only', () => {
    const { file } = compose(twoServices)
    expect(substituteImage(file, 'ghcr.io/acme/web:sha-123', 'stack.yml')).toEqual(['web'])
    expect(composeImages(file)).toEqual({ web: 'ghcr.io/acme/web:sha-123', worker: 'ghcr.io/acme/worker:1' })
  })

  it('says which images it found when none matches', () => {
    const { file } = compose(twoServices)
    expect(() => substituteImage(file, 'ghcr.io/acme/api:2', 'stack.yml')).toThrow(
      'Input image ghcr.io/acme/api:2 matches no service in stack.yml: no service uses repository ghcr.io/acme/api (found ghcr.io/acme/web:latest, ghcr.io/acme/worker:1)',
    )
  })

  it('fills rolling-update inputs only where the file sets none', () => {
    const { file } = compose(twoServices)
    applyUpdateDefaults(file, () => ({ ...DEFAULT_ROLLING_UPDATE, delayMs: 0 }))
    const out = parse(file.document.toString())
    expect(out.services.web.deploy.update_config).toEqual({
      parallelism: 1,
      delay: '0ms',
      order: 'start-first',
      monitor: '10000ms',
      max_failure_ratio: 0,
      failure_action: 'rollback',
    })
    expect(out.services.worker.deploy.update_config).toEqual({ parallelism: 3 })
    expect(out.services.worker.deploy.rollback_config.failure_action).toBe('pause')
  })

  it.each([
    ['app', 'app'],
    ['app:1', 'app'],
    ['localhost:5000/app:1', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['ghcr.io/o/app@sha256:abc', 'ghcr.io/o/app'],
  ])('repository of %s is %s', (image, repo) => {
    expect(imageRepository(image)).toBe(repo)
  })

  it('tells which services bind their node: the external host network, long-syntax host-mode ports', () => {
    const { file } = compose(`services:
  web:
    image: app:1
    networks: [hostnet]
  old-style:
    image: app:1
    networks:
      legacy: {}
  by-key:
    image: app:1
    networks: [host]
  ports:
    image: app:1
    ports:
      - "8080:80"
      - target: 443
        published: 8443
        mode: host
      - target: 9000
        published: 9000
  overlay:
    image: app:1
    networks: [backend]
    ports: ["8080:80"]
networks:
  hostnet:
    external: true
    name: host
  legacy:
    external:
      name: host
  host:
    external: true
  backend: {}
`)
    expect(
      Object.fromEntries(file.services.map((name) => [name, composeServiceNetworking(file, name)])),
    ).toEqual({
      web: { hostNetwork: true, hostPorts: [] },
      'old-style': { hostNetwork: true, hostPorts: [] },
      'by-key': { hostNetwork: true, hostPorts: [] },
      ports: { hostNetwork: false, hostPorts: [8443] },
      overlay: { hostNetwork: false, hostPorts: [] },
    })
  })

  it('reads the update order a service sets itself, and fills stop-first where the caller says so', () => {
    const { file } = compose(`services:
  web:
    image: app:1
  api:
    image: app:1
    deploy:
      update_config:
        order: start-first
  worker:
    image: app:1
    deploy:
      update_config:
        parallelism: 2
`)
    expect(file.services.map((name) => composeUpdateConfig(file, name))).toEqual([
      undefined,
      { order: 'start-first' },
      { order: undefined },
    ])
    applyUpdateDefaults(file, (name) => ({
      ...DEFAULT_ROLLING_UPDATE,
      order: name === 'web' ? 'stop-first' : 'start-first',
    }))
    const out = parse(file.document.toString())
    expect(out.services.web.deploy.update_config.order).toBe('stop-first')
    expect(out.services.web.deploy.rollback_config.order).toBe('stop-first')
    expect(out.services.api.deploy.update_config).toEqual({ order: 'start-first' })
  })
})
