// `pnpm check-dist`: proves the committed bundles are what the source builds, and that
// every bundle loads on the runner's Node. Fails on any difference, new file or bad bundle,
// and on any file tracked under node_modules.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { listActionDirs, repoRoot } from './list-actions'
import { trackedNodeModules } from './tracked-node-modules'
import { node24 } from '../test/harness/paths'
import { runActionBundle } from '../test/harness/run-action-bundle'

const problems: string[] = []
const git = (...args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' })

const tracked = trackedNodeModules(repoRoot)
if (tracked.length)
  problems.push(
    `files under node_modules are tracked by git (run git rm -r --cached on them; pnpm install writes them):\n${tracked.join('\n')}`,
  )

const build = spawnSync('pnpm', ['build'], { cwd: repoRoot, stdio: 'inherit' })
if (build.status !== 0) problems.push('pnpm build failed')

const status = git(
  'status',
  '--porcelain',
  '--untracked-files=all',
  '--',
  ...listActionDirs().map((d) => join(d, 'dist')),
)
if (status.stdout.trim()) {
  problems.push(`committed dist/ differs from a fresh build (run pnpm build and commit):\n${status.stdout}`)
  const diff = git('diff', '--stat', '--', 'actions')
  if (diff.stdout) console.log(diff.stdout)
}

for (const dir of listActionDirs()) {
  const name = basename(dir)
  const bundle = join(dir, 'dist', 'index.js')
  if (!existsSync(bundle)) {
    problems.push(`${name}: dist/index.js is missing`)
    continue
  }
  // index.js and the chunks it imports on demand (which a no-input run below never loads).
  for (const file of readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(dir, 'dist', file), 'utf8')
    for (const marker of ['webpackMissingModule', '@@notfound']) {
      if (text.includes(marker))
        problems.push(`${name}: dist/${file} contains ${marker} (a module ncc could not resolve)`)
    }
  }
  // Loading the bundle on Node 24 with no inputs must end in a clean result: success or one
  // ::error:: line, never a module-resolution crash or a bare stack trace on stderr.
  const run = await runActionBundle({ action: name, timeoutMs: 60_000 })
  const crashed =
    /Cannot find (module|package)|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|SyntaxError|ReferenceError/.test(
      run.stderr,
    )
  if (crashed || (run.exitCode !== 0 && run.failures.length === 0)) {
    problems.push(
      `${name}: bundle did not run cleanly on ${node24} (exit ${run.exitCode}):\n${run.stderr.slice(0, 2000)}`,
    )
  } else {
    console.log(`ran ${name}: exit ${run.exitCode}${run.failures[0] ? ` (${run.failures[0]})` : ''}`)
  }
}

if (problems.length) {
  console.error(`\ncheck-dist failed:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log('\ncheck-dist: every bundle matches its source and runs.')
