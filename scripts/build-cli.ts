/**
 * Builds the installable `pipeline-kit` command into packages/pipeline-kit-cli/package/:
 * one ESM file with every dependency bundled (esbuild; no TypeScript loader needed),
 * licenses.txt of what it bundles, the toolkit's actions (action.yml + dist/) so
 * `<owner>/pipeline-kit/actions/<name>@<ref>` runs them, the README and a package.json
 * without dependencies. Deterministic: the same sources give byte-identical files.
 *
 *   pnpm build:cli            then   npm pack packages/pipeline-kit-cli/package
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { basename, join, relative } from 'node:path'
import { build } from 'esbuild'
import { listActionDirs, repoRoot } from './list-actions'

const cliDir = join(repoRoot, 'packages', 'pipeline-kit-cli')

interface SourcePackage {
  readonly name: string
  readonly version: string
  readonly description: string
}

/** Builds the package folder and returns its path. */
export async function buildCli(out = join(cliDir, 'package')): Promise<string> {
  const source = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as SourcePackage
  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'dist'), { recursive: true })

  const bundle = join(out, 'dist', 'pipeline-kit.mjs')
  const result = await build({
    entryPoints: [join(cliDir, 'src', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies inside an ES module still call require().
    banner: {
      js: '#!/usr/bin/env node\nimport { createRequire as __pkRequire } from "node:module";\nconst require = __pkRequire(import.meta.url);',
    },
    define: { PIPELINE_KIT_VERSION: JSON.stringify(source.version) },
    legalComments: 'none',
    metafile: true,
    absWorkingDir: repoRoot,
    logLevel: 'warning',
  })
  chmodSync(bundle, 0o755)
  writeFileSync(join(out, 'dist', 'licenses.txt'), bundledLicenses(Object.keys(result.metafile.inputs)))

  for (const dir of listActionDirs()) {
    const name = basename(dir)
    if (!existsSync(join(dir, 'dist', 'index.js')))
      throw new Error(`actions/${name}/dist/index.js is missing; run pnpm build ${name} first`)
    const target = join(out, 'actions', name)
    mkdirSync(target, { recursive: true })
    cpSync(join(dir, 'action.yml'), join(target, 'action.yml'))
    // Source maps stay out: they are most of the size and nothing runs them.
    cpSync(join(dir, 'dist'), join(target, 'dist'), {
      recursive: true,
      filter: (from) => !from.endsWith('.map'),
    })
  }

  cpSync(join(cliDir, 'README.md'), join(out, 'README.md'))
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    type: 'module',
    bin: { 'pipeline-kit': 'dist/pipeline-kit.mjs' },
    files: ['dist', 'actions', 'README.md'],
    engines: { node: '>=20.19' },
  }
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return out
}

/** The license of every package the bundle holds, by package name, each once. */
function bundledLicenses(inputs: readonly string[]): string {
  const packages = new Map<string, string>()
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/')
    if (at < 0) continue
    const rest = input.slice(at + 'node_modules/'.length).split('/')
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
    const dir = join(repoRoot, input.slice(0, at), 'node_modules', name)
    if (!packages.has(name)) packages.set(name, dir)
  }
  const sections = [...packages.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, dir]) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        version?: string
        license?: string
      }
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f))
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '(no license file in the package)'
      return `${name}@${pkg.version ?? '?'}\n${pkg.license ?? 'UNKNOWN'}\n${text}`
    })
  return `${sections.join('\n\n')}\n`
}

if (process.argv[1] && relative(process.argv[1], import.meta.filename) === '') {
  const out = await buildCli()
  console.log(`built ${relative(repoRoot, out)}; pack it with npm pack ${relative(repoRoot, out)}`)
}
