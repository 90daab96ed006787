import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the fake answered, for assertions. */
export interface CacheRequest {
  readonly method: string
  readonly path: string
  readonly status: number
}

interface Entry {
  readonly id: number
  readonly key: string
  readonly version: string
  readonly scope: string
  size: number
  chunks: { start: number; data: Buffer }[]
  archive?: Buffer
  created: number
}

export interface CacheServer {
  /** ACTIONS_CACHE_URL as the runner sets it (with the trailing slash). */
  readonly url: string
  readonly token: string
  readonly requests: CacheRequest[]
  /** Protocol mistakes the client made (wrong token, accept header, content range…). */
  readonly violations: string[]
  entries(): { key: string; version: string; size: number }[]
  close(): Promise<void>
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * A local Actions cache service speaking the v1 REST protocol (`_apis/artifactcache`, what
 * @actions/cache uses on GitHub Enterprise Server): look up by key list and version with
 * prefix matching of restore keys (newest first), reserve, chunked PATCH upload with
 * Content-Range, commit with the size, and archive download. Every request must carry the
 * runtime token and the API version header, as the real service requires.
 */
export async function startCacheServer(scope = 'refs/heads/main'): Promise<CacheServer> {
  const token = 'pk-coverage-runtime-token'
  const requests: CacheRequest[] = []
  const violations: string[] = []
  const entries: Entry[] = []
  let nextId = 1
  let url = ''

  const server: Server = createServer(async (req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, json?: unknown) => {
      requests.push({ method: req.method ?? '', path: parsed.pathname, status })
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' })
      res.end(json === undefined ? undefined : JSON.stringify(json))
    }
    const data = await body(req)
    if (parsed.pathname.startsWith('/download/')) {
      const entry = entries.find((e) => e.id === Number(parsed.pathname.slice('/download/'.length)))
      if (!entry?.archive) return send(404)
      requests.push({ method: req.method ?? '', path: parsed.pathname, status: 200 })
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': entry.archive.length,
      })
      return res.end(entry.archive)
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      violations.push(`${req.method} ${parsed.pathname}: missing or wrong bearer token`)
      return send(401)
    }
    if (!String(req.headers.accept ?? '').includes('api-version=6.0-preview.1'))
      violations.push(`${req.method} ${parsed.pathname}: no api-version=6.0-preview.1 in Accept`)

    const api = '/_apis/artifactcache/'
    if (!parsed.pathname.startsWith(api)) {
      violations.push(`unknown route ${req.method} ${parsed.pathname}`)
      return send(404)
    }
    const resource = parsed.pathname.slice(api.length)
    if (req.method === 'GET' && resource === 'cache') {
      const keys = (parsed.searchParams.get('keys') ?? '').split(',').filter(Boolean)
      const version = parsed.searchParams.get('version') ?? ''
      if (!keys.length || !version) violations.push('GET cache without keys or version')
      const committed = entries
        .filter((e) => e.archive && e.version === version)
        .sort((a, b) => b.created - a.created)
      const exact = committed.find((e) => e.key === keys[0])
      const hit =
        exact ??
        keys
          .slice(1)
          .map((k) => committed.find((e) => e.key.startsWith(k)))
          .find(Boolean)
      if (!hit) return send(204)
      return send(200, {
        cacheKey: hit.key,
        scope: hit.scope,
        creationTime: new Date(hit.created).toISOString(),
        archiveLocation: `${url}download/${hit.id}`,
      })
    }
    if (req.method === 'GET' && resource === 'caches') return send(200, { totalCount: 0, artifactCaches: [] })
    if (req.method === 'POST' && resource === 'caches') {
      const request = JSON.parse(data.toString('utf8')) as {
        key?: string
        version?: string
        cacheSize?: number
      }
      if (!request.key || !request.version) {
        violations.push('reserve without key or version')
        return send(400)
      }
      if (entries.some((e) => e.key === request.key && e.version === request.version))
        return send(409, {
          message: `Cache already exists. Scope: ${scope}, Key: ${request.key}, Version: ${request.version}`,
        })
      const entry: Entry = {
        id: nextId++,
        key: request.key,
        version: request.version,
        scope,
        size: 0,
        chunks: [],
        created: Date.now() + entries.length,
      }
      entries.push(entry)
      return send(201, { cacheId: entry.id })
    }
    const match = /^caches\/(\d+)$/.exec(resource)
    const entry = match ? entries.find((e) => e.id === Number(match[1])) : undefined
    if (match && !entry) return send(404)
    if (req.method === 'PATCH' && entry) {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range'] ?? ''))
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== data.length) {
        violations.push(
          `PATCH ${resource}: Content-Range ${req.headers['content-range']} does not fit ${data.length} bytes`,
        )
        return send(400)
      }
      entry.chunks.push({ start: Number(range[1]), data })
      return send(204)
    }
    if (req.method === 'POST' && entry) {
      const { size } = JSON.parse(data.toString('utf8')) as { size?: number }
      const archive = Buffer.alloc(size ?? 0)
      let written = 0
      for (const chunk of entry.chunks) {
        chunk.data.copy(archive, chunk.start)
        written += chunk.data.length
      }
      if (written !== size) {
        violations.push(`commit of ${resource}: size ${size} but ${written} bytes uploaded`)
        return send(400)
      }
      entry.archive = archive
      entry.size = archive.length
      return send(204)
    }
    violations.push(`unknown route ${req.method} ${parsed.pathname}`)
    return send(404)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url,
    token,
    requests,
    violations,
    entries: () =>
      entries.filter((e) => e.archive).map((e) => ({ key: e.key, version: e.version, size: e.size })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
