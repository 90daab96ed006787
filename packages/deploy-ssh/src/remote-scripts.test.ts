import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseHostState } from './release'
import { ACTIVATE, EXISTS_EXIT_CODE, PREPARE, RUN_COMMAND } from './remote-scripts'

// The remote scripts run here with the real /bin/sh on a temporary directory.
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
const sh = (script: string, ...args: string[]) =>
  spawnSync('sh', ['-c', script, 'pk', ...args], { encoding: 'utf8' })
function hostDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-ssh-scripts-'))
  dirs.push(dir)
  return dir
}

describe('remote scripts', () => {
  it('prepare reports an empty host, then current, history, releases', () => {
    const base = join(hostDir(), 'app with space')
    expect(parseHostState(sh(PREPARE, base, 'r1').stdout)).toMatchObject({
      current: undefined,
      history: [],
      releases: [],
    })
    mkdirSync(join(base, 'releases', 'r1'))
    mkdirSync(join(base, 'releases', 'r2'))
    expect(sh(ACTIVATE, base, 'releases/r2', 'r1', 'r2', '--').status).toBe(0)
    expect(parseHostState(sh(PREPARE, base, 'r3').stdout)).toMatchObject({
      current: 'r2',
      history: ['r1', 'r2'],
      releases: ['r1', 'r2'],
    })
    const again = sh(PREPARE, base, 'r2')
    expect(again.status).toBe(EXISTS_EXIT_CODE)
    expect(again.stdout).toContain('pk:exists')
  })

  it('activate switches current atomically, writes history and prunes', () => {
    const base = hostDir()
    for (const r of ['r1', 'r2', 'r3']) mkdirSync(join(base, 'releases', r), { recursive: true })
    expect(sh(ACTIVATE, base, 'releases/r3', 'r2', 'r3', '--', 'r1').status).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('releases/r3')
    expect(readFileSync(join(base, '.releases'), 'utf8')).toBe('r2\nr3\n')
    expect(existsSync(join(base, 'releases', 'r1'))).toBe(false)
    // Back to r2 (a rollback), then removing the link when nothing was live before.
    expect(sh(ACTIVATE, base, 'releases/r2', 'r2', '--', 'r3').status).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('releases/r2')
    expect(sh(ACTIVATE, base, '', '--').status).toBe(0)
    expect(existsSync(join(base, 'current'))).toBe(false)
    expect(execFileSync('ls', ['-A', base], { encoding: 'utf8' })).not.toMatch(/tmp/)
  })

  it('runs a command in the directory with the variables, never evaluating values', () => {
    const base = hostDir()
    const out = sh(
      RUN_COMMAND,
      base,
      'echo "$RELEASE_ID|$DEPLOY_PHASE|$(pwd)"',
      'RELEASE_ID=$(id) `x`',
      'DEPLOY_PHASE=pre',
    )
    expect(out.stdout.trim()).toBe(`$(id) \`x\`|pre|${base}`)
    expect(sh(RUN_COMMAND, base, 'exit 3').status).toBe(3)
  })
})
