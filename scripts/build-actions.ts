// Bundles every action (or those named on the command line) with ncc in ESM mode.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { minify } from 'terser'
import { listActionDirs, repoRoot } from './list-actions'

const ncc = join(repoRoot, 'node_modules', '.bin', 'ncc')
const wanted = process.argv.slice(2)
const dirs = listActionDirs().filter((dir) => wanted.length === 0 || wanted.includes(basename(dir)))

async function build(dir: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }
  // Without "type": "module" ncc emits CJS that cannot load the ESM-only @actions/* packages.
  if (pkg.type !== 'module') throw new Error(`${dir}/package.json must say "type": "module"`)
  rmSync(join(dir, 'dist'), { recursive: true, force: true })
  const args = [
    'build',
    'src/main.ts',
    '-o',
    'dist',
    '--source-map',
    '--no-source-map-register',
    '--license',
    'licenses.txt',
    '--minify',
    '--quiet',
  ]
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(ncc, args, { cwd: dir, stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`ncc failed for ${basename(dir)} (exit ${code})`)),
    )
  })
  await minifyChunks(join(dir, 'dist'))
}

/**
 * ncc --minify minifies index.js only; the chunks of lazily imported modules (octokit,
 * undici, globbing) come out as written. Minify them too, carrying their source maps.
 */
async function minifyChunks(dist: string): Promise<void> {
  for (const name of readdirSync(dist)) {
    if (!name.endsWith('.js') || name === 'index.js') continue
    const file = join(dist, name)
    const result = await minify(readFileSync(file, 'utf8'), {
      module: true,
      sourceMap: { content: readFileSync(`${file}.map`, 'utf8'), url: `${name}.map` },
    })
    if (result.code === undefined || typeof result.map !== 'string')
      throw new Error(`terser produced no output for ${file}`)
    writeFileSync(file, `${result.code}\n`)
    writeFileSync(`${file}.map`, result.map)
  }
}

// Two at a time: the CI machine has two cores.
const queue = [...dirs]
async function worker(): Promise<void> {
  for (let dir = queue.shift(); dir; dir = queue.shift()) {
    const started = Date.now()
    await build(dir)
    console.log(`built ${basename(dir)} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  }
}
await Promise.all([worker(), worker()])
