import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { repoRoot } from './list-actions'

// patches/@actions__http-client@4.0.1.patch imports undici only when a proxy is set at
// start. These run the patched module in a fresh Node, as a bundle would load it.
const store = join(repoRoot, 'node_modules', '.pnpm')
const patched = readdirSync(store).find((d) => d.startsWith('@actions+http-client@4.0.1_patch_hash='))
const moduleUrl = pathToFileURL(
  join(
    store,
    patched ?? 'missing-patched-http-client',
    'node_modules',
    '@actions',
    'http-client',
    'lib',
    'index.js',
  ),
).href

function probe(env: Record<string, string>, lateProxy = ''): { stdout: string; stderr: string } {
  const script = `
    const { HttpClient } = await import(${JSON.stringify(moduleUrl)})
    const { createRequire } = await import('node:module')
    const cache = createRequire(import.meta.url).cache
    if (Object.keys(cache).some((k) => k.includes('/undici/'))) console.log('undici loaded;')
    ${lateProxy ? `process.env.https_proxy = ${JSON.stringify(lateProxy)}` : ''}
    try {
      const d = new HttpClient('probe').getAgentDispatcher('https://api.github.com')
      console.log(d ? d.constructor.name : 'none')
    } catch (e) { console.log('error: ' + e.message) }`
  const { PATH = '' } = process.env
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH, ...env },
  })
  return { stdout: run.stdout.trim(), stderr: run.stderr }
}

it('is installed: pnpm applied the patch', () => {
  expect(patched).toBeDefined()
})

it('gives a proxy dispatcher when https_proxy is set at start', () => {
  expect(probe({ https_proxy: 'http://proxy.internal:3128' })).toEqual({
    stdout: 'undici loaded;\nProxyAgent',
    stderr: '',
  })
  expect(probe({ HTTPS_PROXY: 'http://proxy.internal:3128' }).stdout).toBe('undici loaded;\nProxyAgent')
})

it('gives no dispatcher without a proxy, without loading undici', () => {
  expect(probe({}).stdout).toBe('none')
})

it('says what to do when a proxy appears after start', () => {
  expect(probe({}, 'http://proxy.internal:3128').stdout).toBe(
    'error: A proxy was configured after @actions/http-client was loaded; set https_proxy or http_proxy before the action starts',
  )
})
