import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')

// Ways of starting a process named `docker`: a spawn/exec/runProcess call, or a
// { command: 'docker' } handed to a process runner.
const SPAWNS_DOCKER =
  /\b(?:spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|runProcess)\(\s*['"`]docker['"`]|\bcommand:\s*['"`]docker['"`]/

// The local workflow runner runs `docker exec`/`docker run` as a step's own process
// (streamed and masked like any step), and `docker version` is one row of its table of
// setup-* tool probes; these stay its own.
const RUNNER_STEP_PROCESSES = new Set([
  'packages/workflow-runner/src/container-step.ts',
  'packages/workflow-runner/src/docker-action.ts',
  'packages/workflow-runner/src/third-party.ts',
])

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.test\.ts$|\.test-helper\.ts$/.test(entry.name))
      out.push(path)
  }
  return out
}

describe('one Docker client', () => {
  it('only packages/docker spawns docker in packages/ and actions/ (tests aside)', () => {
    const spawning = ['packages', 'actions']
      .flatMap((top) => sourceFiles(join(ROOT, top)))
      .map((path) => relative(ROOT, path))
      .filter((path) => !path.startsWith('packages/docker/'))
      .filter((path) => SPAWNS_DOCKER.test(readFileSync(join(ROOT, path), 'utf8')))
    expect(spawning.filter((path) => !RUNNER_STEP_PROCESSES.has(path))).toEqual([])
  })

  it('recognises every form of docker spawn it looks for', () => {
    for (const line of [
      "spawn('docker', ['save', image])",
      "runProcess('docker', args, {})",
      'spawnSync("docker", ["info"])',
      "{ command: 'docker', args: exec }",
    ])
      expect(SPAWNS_DOCKER.test(line), line).toBe(true)
    expect(SPAWNS_DOCKER.test('createDockerRunner({ env })')).toBe(false)
  })
})
