import { execFileSync } from 'node:child_process'
import { createReadStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { classifySecretContent, classifySecretPath, scanImageArchive } from './secret-scan'
import { TarParser } from './tar-stream'

/** Writes files under a fresh folder and tars them with the system tar. */
function makeTar(files: Record<string, string | Buffer>, format: 'gnu' | 'pax' = 'gnu'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'pk-imgbuild-tar-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return execFileSync('tar', [`--format=${format}`, '-C', dir, '-cf', '-', ...Object.keys(files)], {
    maxBuffer: 64 * 1024 * 1024,
  })
}

const PRIVATE_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n'

describe('TarParser', () => {
  it('reads GNU long names and PAX paths, streaming in small chunks', () => {
    const long = `deep/${'d'.repeat(120)}/file.txt`
    for (const format of ['gnu', 'pax'] as const) {
      const archive = makeTar({ 'a.txt': 'hello', [long]: 'x'.repeat(1000) }, format)
      const seen: Record<string, number> = {}
      const parser = new TarParser((entry) => {
        if (entry.type !== '0') return undefined
        seen[entry.name] = 0
        return { data: (c) => void (seen[entry.name]! += c.length), end: () => {} }
      })
      for (let i = 0; i < archive.length; i += 77) parser.write(archive.subarray(i, i + 77))
      parser.end()
      expect(seen).toEqual({ 'a.txt': 5, [long]: 1000 })
    }
  })
})

describe('scanImageArchive', () => {
  it('finds secrets per layer, including ones a later layer deleted, with the creating instruction', async () => {
    const layer1 = makeTar({
      'app/.env': 'DATABASE_URL=postgres://u:p@db/app\n',
      'app/.env.example': 'DATABASE_URL=\n',
      'app/server.js': 'console.log("hi")\n',
      'app/config/aws.txt': 'key = AKIAIOSFODNN7EXAMPLE\n',
      'app/bin/tool': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(PRIVATE_KEY)]),
      'etc/ssl/certs/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      'root/.ssh/id_ed25519': PRIVATE_KEY,
      'root/.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA root@x\n',
    })
    const layer2 = makeTar({ 'app/.wh..env': '', 'app/readme.md': 'docs\n' })
    const layer3 = gzipSync(
      makeTar({
        'home/u/.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n',
        'home/u/keys/server.key': PRIVATE_KEY,
        'home/u/.netrc': 'machine example.com login u\n',
      }),
    )
    const config = {
      history: [
        { created_by: '/bin/sh -c #(nop) COPY dir:abc in / ' },
        { created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true },
        { created_by: '/bin/sh -c rm /app/.env' },
        { created_by: 'COPY home /home # buildkit' },
      ],
    }
    const manifest = [{ Config: 'cfg.json', Layers: ['l1/layer.tar', 'l2/layer.tar', 'blobs/sha256/abc'] }]
    const outer = makeTar({
      // written out of order on purpose: the manifest decides the layer order
      'blobs/sha256/abc': layer3,
      'l2/layer.tar': layer2,
      'l1/layer.tar': layer1,
      'cfg.json': JSON.stringify(config),
      'manifest.json': JSON.stringify(manifest),
    })
    const file = join(mkdtempSync(join(tmpdir(), 'pk-imgbuild-save-')), 'image.tar')
    writeFileSync(file, outer)
    const result = await scanImageArchive(createReadStream(file, { highWaterMark: 1000 }))
    expect(result.layers).toBe(3)
    expect(result.filesScanned).toBe(12)
    expect(result.findings).toEqual([
      {
        path: '/app/.env',
        layer: 1,
        reason: 'dotenv file',
        createdBy: 'COPY dir:abc in /',
        removedLater: true,
      },
      {
        path: '/app/config/aws.txt',
        layer: 1,
        reason: 'AWS access key id',
        createdBy: 'COPY dir:abc in /',
        removedLater: false,
      },
      {
        path: '/root/.ssh/id_ed25519',
        layer: 1,
        reason: 'SSH private key file',
        createdBy: 'COPY dir:abc in /',
        removedLater: false,
      },
      {
        path: '/home/u/.npmrc',
        layer: 3,
        reason: 'npm token in .npmrc',
        createdBy: 'COPY home /home # buildkit',
        removedLater: false,
      },
      {
        path: '/home/u/keys/server.key',
        layer: 3,
        reason: 'private key',
        createdBy: 'COPY home /home # buildkit',
        removedLater: false,
      },
    ])
  })

  it('an opaque directory whiteout hides everything below it', async () => {
    const outer = makeTar({
      'a/layer.tar': makeTar({ 'srv/secrets/.env': 'X=1\n' }),
      'b/layer.tar': makeTar({ 'srv/secrets/.wh..wh..opq': '' }),
      'manifest.json': JSON.stringify([{ Layers: ['a/layer.tar', 'b/layer.tar'] }]),
    })
    const result = await scanImageArchive(
      (async function* () {
        yield outer
      })(),
    )
    expect(result.findings).toEqual([
      { path: '/srv/secrets/.env', layer: 1, reason: 'dotenv file', removedLater: true },
    ])
  })

  it('classifies names and contents', () => {
    expect(classifySecretPath('/x/.env.production')).toBe('dotenv file')
    expect(classifySecretPath('/x/.env.sample')).toBeUndefined()
    expect(classifySecretPath('/home/a/.aws/credentials')).toBe('AWS credentials file')
    expect(classifySecretPath('/certs/store.p12')).toBe('key store')
    expect(classifySecretContent('/root/.docker/config.json', '{"auths":{"r":{"auth":"dTpw"}}}')).toBe(
      'registry credentials in docker config',
    )
    expect(classifySecretContent('/a.txt', `token ghp_${'a'.repeat(36)}`)).toBe('GitHub token')
    expect(classifySecretContent('/root/.pypirc', '[pypi]\npassword = pypi-abc\n')).toBe(
      'password in .pypirc',
    )
    expect(classifySecretContent('/a.txt', 'nothing here')).toBeUndefined()
  })
})
