import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './list-actions'

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8')

describe('toolchain pins', () => {
  it('installs the pnpm version of packageManager everywhere (a differing pin makes pnpm refuse to run)', () => {
    const pinned = JSON.parse(read('package.json')).packageManager.split('@')[1]
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    for (const file of ['.ci/run', 'README.md']) {
      const versions = [...read(file).matchAll(/pnpm@(\d+\.\d+\.\d+)/g)].map((m) => m[1])
      expect(versions.length, file).toBeGreaterThan(0)
      expect(new Set(versions), file).toEqual(new Set([pinned]))
    }
  })

  it('marks every action package as ESM so ncc emits a loadable bundle', async () => {
    const { listActionDirs } = await import('./list-actions')
    for (const dir of listActionDirs()) {
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type, dir).toBe('module')
    }
  })
})
