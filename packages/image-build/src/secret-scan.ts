import { posix } from 'node:path'
import { createGunzip } from 'node:zlib'
import { streamImageSave } from '@pipeline-kit/docker'
import { TarParser, type TarEntrySink } from './tar-stream'

/** A file in an image layer that looks like a secret baked in by mistake. */
export interface SecretFinding {
  /** Absolute path inside the image. */
  readonly path: string
  /** 1-based layer index, base layer first. */
  readonly layer: number
  readonly reason: string
  /** The Dockerfile instruction that created the layer, when the image history has it. */
  readonly createdBy?: string
  /** Deleted by a later layer: gone from the final filesystem, still in the pushed layer. */
  readonly removedLater: boolean
}

export interface SecretScanResult {
  readonly findings: readonly SecretFinding[]
  readonly layers: number
  readonly filesScanned: number
}

const CONTENT_LIMIT = 1024 * 1024
const SAFE_DOTENV = /^\.env\.(example|sample|template|dist|defaults|schema)$/

const CONTENT_RULES: readonly [RegExp, string][] = [
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, 'private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b/, 'GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'Slack token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'GitLab token'],
]

/** Files that are secrets by their name alone. */
export function classifySecretPath(path: string): string | undefined {
  const base = posix.basename(path)
  if (base === '.env' || (base.startsWith('.env.') && !SAFE_DOTENV.test(base))) return 'dotenv file'
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(base)) return 'SSH private key file'
  if (base === '.git-credentials') return 'git credentials file'
  if (path.endsWith('/.aws/credentials')) return 'AWS credentials file'
  if (/\.(p12|pfx|jks|keystore)$/i.test(base)) return 'key store'
  return undefined
}

/** Secrets found in a text file's content (credential files by name plus content). */
export function classifySecretContent(path: string, text: string): string | undefined {
  const base = posix.basename(path)
  if (base === '.npmrc' && /(_authToken|_auth|_password)\s*=\s*\S/.test(text)) return 'npm token in .npmrc'
  if ((base === '.netrc' || base === '_netrc') && /\bpassword\s+\S/.test(text)) return 'password in .netrc'
  if (base === '.pypirc' && /^\s*password\s*[=:]\s*\S/m.test(text)) return 'password in .pypirc'
  if (path.endsWith('/.docker/config.json') && /"auth"\s*:\s*"[^"]+"/.test(text))
    return 'registry credentials in docker config'
  for (const [pattern, reason] of CONTENT_RULES) if (pattern.test(text)) return reason
  return undefined
}

interface LayerScan {
  findings: { path: string; reason: string }[]
  /** Paths deleted by whiteouts in this layer; a trailing '/' marks an opaque directory. */
  deletions: string[]
  files: number
}

/**
 * Scans an image archive as `docker save` writes it (legacy or OCI layout, plain or
 * gzip layers) layer by layer, so a secret added in one layer and deleted in a later
 * one is still found: it ships in the pushed layer.
 */
export async function scanImageArchive(chunks: AsyncIterable<Buffer>): Promise<SecretScanResult> {
  const layers = new Map<string, LayerScan>()
  const json = new Map<string, string>()
  const pending: Promise<void>[] = []

  const outer = new TarParser((entry) => {
    if (entry.type !== '0' && entry.type !== '7') return undefined
    if (entry.name.endsWith('.json') && entry.size < 8 * 1024 * 1024) return collectText(entry.name, json)
    if (entry.name.endsWith('/layer.tar') || entry.name.startsWith('blobs/')) {
      return sniffingSink(entry.name, layers, json, pending)
    }
    return undefined
  })
  for await (const chunk of chunks) outer.write(chunk)
  outer.end()
  await Promise.all(pending)
  return assemble(layers, json)
}

function collectText(name: string, into: Map<string, string>): TarEntrySink {
  const chunks: Buffer[] = []
  return {
    data: (c) => void chunks.push(Buffer.from(c)),
    end: () => void into.set(name, Buffer.concat(chunks).toString('utf8')),
  }
}

/** Decides from the first bytes whether a blob is a tar layer, a gzip layer or JSON. */
function sniffingSink(
  name: string,
  layers: Map<string, LayerScan>,
  json: Map<string, string>,
  pending: Promise<void>[],
): TarEntrySink {
  let head: Buffer[] = []
  let headSize = 0
  let target: TarEntrySink | undefined
  let decided = false
  const decide = () => {
    decided = true
    const first = Buffer.concat(head)
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const inner = layerParser(name, layers)
      const gunzip = createGunzip()
      gunzip.on('data', (c: Buffer) => inner.write(c))
      pending.push(
        new Promise<void>((resolve) => {
          gunzip.on('end', () => (inner.end(), resolve()))
          gunzip.on('error', () => (inner.end(), resolve()))
        }),
      )
      target = { data: (c) => void gunzip.write(Buffer.from(c)), end: () => void gunzip.end() }
    } else if (first.subarray(257, 262).toString('latin1') === 'ustar') {
      const inner = layerParser(name, layers)
      target = { data: (c) => inner.write(c), end: () => inner.end() }
    } else if (first[0] === 0x7b /* { */) {
      target = collectText(name, json)
    }
    for (const c of head) target?.data(c)
    head = []
  }
  return {
    data: (chunk) => {
      if (decided) return target?.data(chunk)
      head.push(Buffer.from(chunk))
      headSize += chunk.length
      if (headSize >= 512) decide()
    },
    end: () => {
      if (!decided) decide()
      target?.end()
    },
  }
}

function layerParser(name: string, layers: Map<string, LayerScan>): TarParser {
  const scan: LayerScan = { findings: [], deletions: [], files: 0 }
  layers.set(name, scan)
  return new TarParser((entry) => {
    const path = '/' + entry.name.replace(/^\.?\//, '').replace(/\/$/, '')
    const base = posix.basename(path)
    if (base === '.wh..wh..opq') {
      scan.deletions.push(posix.dirname(path).replace(/\/?$/, '/'))
      return undefined
    }
    if (base.startsWith('.wh.')) {
      scan.deletions.push(posix.join(posix.dirname(path), base.slice(4)))
      return undefined
    }
    if (entry.type !== '0' && entry.type !== '7') return undefined
    scan.files++
    const byName = classifySecretPath(path)
    if (byName) {
      scan.findings.push({ path, reason: byName })
      return undefined
    }
    if (entry.size === 0 || entry.size > CONTENT_LIMIT) return undefined
    const chunks: Buffer[] = []
    return {
      data: (c) => void chunks.push(Buffer.from(c)),
      end: () => {
        const content = Buffer.concat(chunks)
        if (content.subarray(0, 8000).includes(0)) return // binary
        const reason = classifySecretContent(path, content.toString('utf8'))
        if (reason) scan.findings.push({ path, reason })
      },
    }
  })
}

function assemble(layers: Map<string, LayerScan>, json: Map<string, string>): SecretScanResult {
  let order = [...layers.keys()]
  let history: string[] = []
  try {
    const manifest = JSON.parse(json.get('manifest.json') ?? '[]') as { Config?: string; Layers?: string[] }[]
    const first = manifest[0]
    if (first?.Layers?.length) order = first.Layers.filter((l) => layers.has(l))
    const config = first?.Config ? JSON.parse(json.get(first.Config) ?? '{}') : {}
    history = ((config.history ?? []) as { created_by?: string; empty_layer?: boolean }[])
      .filter((h) => !h.empty_layer)
      .map((h) => (h.created_by ?? '').replace(/^\/bin\/sh -c #\(nop\)\s*/, '').trim())
  } catch {
    // an unreadable manifest only loses the layer order and the history
  }
  const findings: SecretFinding[] = []
  order.forEach((key, index) => {
    for (const finding of layers.get(key)!.findings) {
      const removedLater = order
        .slice(index + 1)
        .some((later) =>
          layers
            .get(later)!
            .deletions.some((d) =>
              d.endsWith('/')
                ? finding.path.startsWith(d)
                : finding.path === d || finding.path.startsWith(`${d}/`),
            ),
        )
      findings.push({ ...finding, layer: index + 1, createdBy: history[index] || undefined, removedLater })
    }
  })
  const filesScanned = [...layers.values()].reduce((n, l) => n + l.files, 0)
  return { findings, layers: order.length, filesScanned }
}

/** Streams `docker save <image>` through scanImageArchive. */
export async function scanImageForSecrets(
  image: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<SecretScanResult> {
  return streamImageSave(image, scanImageArchive, env)
}
