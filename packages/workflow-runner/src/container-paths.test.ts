import { describe, expect, it } from 'vitest'
import { environmentArgs, splitContainerArgs, translateToContainerPath, volumeArgs } from './container-paths'

const mounts = [
  { host: '/w/job/workspace', container: '/github/workspace' },
  { host: '/w/runner-temp', container: '/__w/_temp' },
  { host: '/w/runner-temp/steps', container: '/__w/_temp/_runner_file_commands' },
]

describe('translateToContainerPath', () => {
  it('maps a mounted path and paths under it, the longest mount first', () => {
    expect(translateToContainerPath('/w/job/workspace', mounts)).toBe('/github/workspace')
    expect(translateToContainerPath('/w/job/workspace/src/a.txt', mounts)).toBe('/github/workspace/src/a.txt')
    expect(translateToContainerPath('/w/runner-temp/steps/1-x/output', mounts)).toBe(
      '/__w/_temp/_runner_file_commands/1-x/output',
    )
    expect(translateToContainerPath('/w/runner-temp/other', mounts)).toBe('/__w/_temp/other')
  })

  it('leaves other values alone, also a path that only shares a prefix', () => {
    expect(translateToContainerPath('/w/job/workspace-2', mounts)).toBe('/w/job/workspace-2')
    expect(translateToContainerPath('hello', mounts)).toBe('hello')
  })
})

describe('splitContainerArgs', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['-c "echo \\"x\\" >> $OUT"', ['-c', 'echo "x" >> $OUT']],
    ["'single' quotes", ["'single'", 'quotes']],
    ['""', ['']],
    ['', []],
  ])('%s', (text, args) => {
    expect(splitContainerArgs(text)).toEqual(args)
  })
})

describe('docker arguments', () => {
  it('passes env names only (values travel in the environment) and skips PATH', () => {
    expect(environmentArgs({ A: 'secret', PATH: '/bin', B: '' })).toEqual(['-e', 'A', '-e', 'B'])
  })

  it('mounts read-only when asked', () => {
    expect(volumeArgs([{ host: '/a', container: '/b', readOnly: true }])).toEqual(['-v', '/a:/b:ro'])
  })
})
