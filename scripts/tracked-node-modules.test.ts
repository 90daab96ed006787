import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from './list-actions'
import { nodeModulesPaths, trackedNodeModules } from './tracked-node-modules'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`)
}

describe('nodeModulesPaths', () => {
  it('keeps paths with a node_modules segment at any depth, not names that merely contain it', () => {
    expect(
      nodeModulesPaths([
        'node_modules/a/index.js',
        'actions/coverage/node_modules/@pipeline-kit/coverage',
        'packages/x/src/node_modules.ts',
        'docs/my_node_modules/readme.md',
        'src/index.ts',
      ]),
    ).toEqual(['node_modules/a/index.js', 'actions/coverage/node_modules/@pipeline-kit/coverage'])
  })
})

describe('trackedNodeModules', () => {
  it('finds a link force-added under an ignored node_modules folder, and nothing once it is removed from the index', () => {
    const root = mkdtempSync(join(tmpdir(), 'tracked-node-modules-'))
    dirs.push(root)
    git(root, 'init', '-q')
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n')
    mkdirSync(join(root, 'packages', 'core'), { recursive: true })
    writeFileSync(join(root, 'packages', 'core', 'index.ts'), 'export {}\n')
    mkdirSync(join(root, 'actions', 'a', 'node_modules', '@scope'), { recursive: true })
    symlinkSync('../../../../packages/core', join(root, 'actions', 'a', 'node_modules', '@scope', 'core'))
    git(root, 'add', '.gitignore', 'packages')
    git(root, 'add', '-f', 'actions/a/node_modules/@scope/core')
    expect(trackedNodeModules(root)).toEqual(['actions/a/node_modules/@scope/core'])
    git(root, 'rm', '-q', '--cached', 'actions/a/node_modules/@scope/core')
    expect(trackedNodeModules(root)).toEqual([])
  })

  it('finds nothing tracked under node_modules in this repository', () => {
    expect(trackedNodeModules(repoRoot)).toEqual([])
  })
})
