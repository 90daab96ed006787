import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confineToRoots } from './confine-paths'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pk-confine-'))
  mkdirSync(join(dir, 'ws', 'sub'), { recursive: true })
  mkdirSync(join(dir, 'temp', '_runner_file_commands'), { recursive: true })
  mkdirSync(join(dir, 'ws-sibling'))
  writeFileSync(join(dir, 'ws', 'sub', 'a.info'), '')
  writeFileSync(join(dir, 'ws-sibling', 'b.info'), '')
  writeFileSync(join(dir, 'temp', 'c.info'), '')
  writeFileSync(join(dir, 'temp', '_runner_file_commands', 'set_env'), '')
  symlinkSync(join(dir, 'ws-sibling', 'b.info'), join(dir, 'ws', 'link.info'))
  symlinkSync(join(dir, 'ws', 'sub'), join(dir, 'ws-link'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const options = () => ({
  input: 'reports',
  kind: 'report files',
  override: 'Set allow-outside-workspace: true to read files elsewhere.',
  roots: [
    { name: 'GITHUB_WORKSPACE', path: join(dir, 'ws') },
    {
      name: 'RUNNER_TEMP',
      path: join(dir, 'temp'),
      except: [
        { path: join(dir, 'temp', '_runner_file_commands'), reason: "in the runner's file-command folder" },
      ],
    },
  ],
})

describe('confineToRoots', () => {
  it('accepts files inside a root, also through a symlink that stays inside', async () => {
    const files = [
      join(dir, 'ws', 'sub', 'a.info'),
      join(dir, 'temp', 'c.info'),
      join(dir, 'ws-link', 'a.info'),
    ]
    await expect(confineToRoots(files, options())).resolves.toEqual(files)
  })

  it('refuses a sibling folder sharing the prefix, a link pointing out and an excluded folder', async () => {
    const sibling = join(dir, 'ws-sibling', 'b.info')
    const link = join(dir, 'ws', 'link.info')
    const commands = join(dir, 'temp', '_runner_file_commands', 'set_env')
    await expect(confineToRoots([sibling, link, commands, '/etc/passwd'], options())).rejects.toThrow(
      `Input 'reports': '${sibling}' is outside the workspace; '${link}' resolves to '${sibling}', outside the workspace; ` +
        `'${commands}' is in the runner's file-command folder; and 1 more; expected report files inside ` +
        `GITHUB_WORKSPACE (${join(dir, 'ws')}) or RUNNER_TEMP (${join(dir, 'temp')}). Set allow-outside-workspace: true to read files elsewhere.`,
    )
  })
})
