import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli } from '../../scripts/build-cli'

// The command as a team gets it: built, packed with npm, installed from the tarball into
// an unrelated git repository with no clone of this toolkit, and run there.
const work = mkdtempSync(join(tmpdir(), 'pk-cli-itg-'))
const repo = join(work, 'unrelated-app')
const out = join(work, 'out')
const identity = {
  GIT_AUTHOR_NAME: 'Mona Lisa',
  GIT_AUTHOR_EMAIL: 'mona@example.com',
  GIT_COMMITTER_NAME: 'Mona Lisa',
  GIT_COMMITTER_EMAIL: 'mona@example.com',
}
const env = {
  ...process.env,
  ...identity,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  OUT: out,
  npm_config_cache: join(work, 'npm-cache'),
  // The command's own temporary folders, so the test sees that it removes them.
  TMPDIR: join(work, 'tmp'),
}
let tarball = ''

function run(command: string, args: string[], cwd = repo, extraEnv: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (result.error) throw result.error
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const bin = () => join(repo, 'node_modules', '.bin', 'pipeline-kit')
const cli = (...args: string[]) => run(bin(), args)

function treeHash(dir: string): string {
  const hash = createHash('sha256')
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name)
      if (statSync(path).isDirectory()) walk(path)
      else hash.update(`${relative(dir, path)}\0${statSync(path).mode & 0o111}\0`).update(readFileSync(path))
    }
  }
  walk(dir)
  return hash.digest('hex')
}

const ci = `name: CI
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      version: \${{ steps.v.outputs.version }}
    steps:
      - uses: actions/checkout@v4
      - id: v
        run: |
          echo "version=1.2.3" >> "$GITHUB_OUTPUT"
          {
            echo "ref=$GITHUB_REF"
            echo "sha=$GITHUB_SHA"
            echo "actor=$GITHUB_ACTOR"
            echo "repository=$GITHUB_REPOSITORY"
            echo "event=$GITHUB_EVENT_NAME"
            echo "quote=\${{ format('it''s ''{0}''', github.event_name) }}"
          } > "$OUT/build.txt"
          cp "$GITHUB_EVENT_PATH" "$OUT/event.json"
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: t
        uses: acme/pipeline-kit/actions/test@v1
        with:
          reports: junit.xml
      - run: echo "version=\${{ needs.build.outputs.version }} total=\${{ steps.t.outputs.total }} passed=\${{ steps.t.outputs.passed }}" > "$OUT/test.txt"
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo deployed > "$OUT/deploy.txt"
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: echo docs > "$OUT/docs.txt" && echo "<h1>docs</h1>" > site.html
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: site.html
`

const failing = `on: push
jobs:
  compile:
    runs-on: ubuntu-latest
    steps:
      - run: echo "no compiler" >&2 && exit 3
  package:
    needs: compile
    runs-on: ubuntu-latest
    steps:
      - run: echo packaged > "$OUT/package.txt"
`

const secret = `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "token is \${{ secrets.DEPLOY_TOKEN }}, file secret is \${{ secrets.FROM_FILE }}"
          [ "\${{ secrets.DEPLOY_TOKEN }}" = "s3cr3t-token-value" ] && [ "\${{ secrets.FROM_FILE }}" = "file value" ] && echo ok > "$OUT/secret.txt"
`

const junit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="unit" tests="2" failures="0">
<testcase classname="app" name="adds" time="0.01"/><testcase classname="app" name="subtracts" time="0.02"/>
</testsuite></testsuites>
`

beforeAll(async () => {
  // Built twice from the same sources: byte-identical, and so is the packed tarball.
  const first = await buildCli(join(work, 'package-a'))
  const second = await buildCli(join(work, 'package-b'))
  expect(treeHash(second)).toBe(treeHash(first))
  const packs = [first, second].map((dir, index) => {
    const dest = join(work, `pack-${index}`)
    mkdirSync(dest)
    const pack = run('npm', ['pack', dir, '--pack-destination', dest, '--silent'], work)
    expect(pack.stderr).toBe('')
    return join(dest, pack.stdout.trim())
  })
  expect(createHash('sha256').update(readFileSync(packs[1]!)).digest('hex')).toBe(
    createHash('sha256').update(readFileSync(packs[0]!)).digest('hex'),
  )
  tarball = packs[0]!

  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(repo, 'package.json'), '{ "name": "unrelated-app", "private": true }\n')
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\n')
  writeFileSync(join(repo, 'junit.xml'), junit)
  writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), ci)
  writeFileSync(join(repo, '.github', 'workflows', 'failing.yml'), failing)
  writeFileSync(join(repo, '.github', 'workflows', 'secret.yml'), secret)
  expect(run('git', ['init', '-q', '-b', 'trunk']).code).toBe(0)
  expect(run('git', ['add', '.']).code).toBe(0)
  expect(run('git', ['commit', '-qm', 'Add the app']).code).toBe(0)
  // A clone's origin: github.repository and the default branch come from it.
  expect(run('git', ['remote', 'add', 'origin', 'git@github.com:acme/unrelated-app.git']).code).toBe(0)
  expect(run('git', ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk']).code).toBe(0)
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball])
  expect(install.code, install.stderr).toBe(0)
  mkdirSync(out)
  mkdirSync(env.TMPDIR)
}, 300_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

function resetOut(): void {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out)
}

describe('the packed pipeline-kit command in an unrelated repository', () => {
  it('installs from the tarball alone: one bundled file, the actions beside it, no dependencies', () => {
    const installed = join(repo, 'node_modules', '@pipeline-kit', 'cli')
    expect(readdirSync(join(repo, 'node_modules')).sort()).toEqual([
      '.bin',
      '.package-lock.json',
      '@pipeline-kit',
    ])
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(manifest.bin).toEqual({ 'pipeline-kit': 'dist/pipeline-kit.mjs' })
    expect(manifest.dependencies).toBeUndefined()
    expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['licenses.txt', 'pipeline-kit.mjs'])
    expect(existsSync(join(installed, 'actions', 'test', 'action.yml'))).toBe(true)
    expect(existsSync(join(installed, 'actions', 'test', 'dist', 'index.js'))).toBe(true)
    expect(cli('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('--list prints the jobs in the order they run; without a workflow name it lists the workflows', () => {
    const listed = cli('run', 'ci', '--list')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toBe(
      [
        'CI: 4 jobs, in the order they run',
        '1. build',
        '2. test    needs build',
        '3. deploy  needs test',
        '4. docs',
        '',
      ].join('\n'),
    )
    const unnamed = cli('run', '--list')
    expect(unnamed.code).toBe(2)
    expect(unnamed.stderr).toContain('name the workflow to run: pipeline-kit run <workflow>')
    expect(unnamed.stderr).toContain('ci.yml, failing.yml, secret.yml')
  })

  it('runs a needs chain with a run step and the bundled test action as a push of the checked-out branch', () => {
    resetOut()
    const result = cli('run', 'ci', '--actor', 'mona')
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const head = run('git', ['rev-parse', 'HEAD']).stdout.trim()
    const build = readFileSync(join(out, 'build.txt'), 'utf8')
    expect(build).toBe(
      [
        'ref=refs/heads/trunk',
        `sha=${head}`,
        'actor=mona',
        'repository=acme/unrelated-app',
        'event=push',
        "quote=it's 'push'",
        '',
      ].join('\n'),
    )
    const event = JSON.parse(readFileSync(join(out, 'event.json'), 'utf8')) as Record<string, any>
    expect(event).toMatchObject({
      ref: 'refs/heads/trunk',
      after: head,
      before: '0'.repeat(40),
      pusher: { name: 'mona' },
      sender: { login: 'mona' },
      head_commit: {
        id: head,
        message: 'Add the app',
        author: { name: 'Mona Lisa', email: 'mona@example.com' },
      },
      repository: { full_name: 'acme/unrelated-app', default_branch: 'trunk' },
    })
    expect(readFileSync(join(out, 'test.txt'), 'utf8')).toBe('version=1.2.3 total=2 passed=2\n')
    expect(existsSync(join(out, 'deploy.txt'))).toBe(true)
    expect(result.stdout).toMatch(/✓ Pipeline succeeded \(4 job\(s\) ran, 0 skipped\)/)
    // The run's folder is gone but for the artifact it stored, which the command names.
    const left = readdirSync(env.TMPDIR).filter((name) => name.startsWith('pipeline-kit-'))
    expect(left).toHaveLength(1)
    const kept = join(env.TMPDIR, left[0]!)
    expect(readdirSync(kept)).toEqual(['artifacts'])
    expect(readFileSync(join(kept, 'artifacts', 'site', 'site.html'), 'utf8')).toBe('<h1>docs</h1>\n')
    expect(result.stderr).toContain(`Artifacts of this run: ${join(kept, 'artifacts')}`)
    rmSync(kept, { recursive: true })
  })

  it('--job runs that job and what it needs, nothing else', () => {
    resetOut()
    const result = cli('run', 'ci', '--job', 'test')
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(readFileSync(join(out, 'test.txt'), 'utf8')).toBe('version=1.2.3 total=2 passed=2\n')
    expect(existsSync(join(out, 'deploy.txt'))).toBe(false)
    expect(existsSync(join(out, 'docs.txt'))).toBe(false)
    expect(result.stdout).toMatch(/✓ Pipeline succeeded \(2 job\(s\) ran, 0 skipped\)/)
    expect(readdirSync(env.TMPDIR).filter((name) => name.startsWith('pipeline-kit-'))).toEqual([])
  })

  it('takes the event from --event-file, with --ref, --sha and --repository over it', () => {
    resetOut()
    const sha = 'f'.repeat(40)
    writeFileSync(
      join(work, 'pr.json'),
      JSON.stringify({ action: 'opened', number: 9, pull_request: { number: 9, head: { ref: 'fix', sha } } }),
    )
    const result = cli(
      'run',
      'ci',
      '--job',
      'build',
      '--event',
      'pull_request',
      '--event-file',
      join(work, 'pr.json'),
      '--repository',
      'acme/app',
      '--actor',
      'hubot',
    )
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(readFileSync(join(out, 'build.txt'), 'utf8')).toContain(
      [
        'ref=refs/pull/9/merge',
        `sha=${sha}`,
        'actor=hubot',
        'repository=acme/app',
        'event=pull_request',
      ].join('\n'),
    )
    expect(JSON.parse(readFileSync(join(out, 'event.json'), 'utf8'))).toMatchObject({
      action: 'opened',
      sender: { login: 'hubot' },
    })
  })

  it('exits 1 when a job fails, and does not run the jobs that need it', () => {
    resetOut()
    const result = cli('run', '.github/workflows/failing.yml')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/✗ compile\s+failure/)
    expect(result.stdout).toMatch(/package\s+skipped/)
    expect(existsSync(join(out, 'package.txt'))).toBe(false)
  })

  it('takes secrets from the environment and a secret file, and masks them in what it prints', () => {
    resetOut()
    writeFileSync(join(work, 'secrets.env'), '# local secrets\nFROM_FILE="file value"\n')
    const result = run(
      bin(),
      ['run', 'secret', '--secret', 'DEPLOY_TOKEN', '--secret-file', join(work, 'secrets.env'), '--verbose'],
      repo,
      { DEPLOY_TOKEN: 's3cr3t-token-value' },
    )
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(readFileSync(join(out, 'secret.txt'), 'utf8')).toBe('ok\n')
    expect(result.stdout).toContain('token is ***, file secret is ***')
    expect(result.stdout + result.stderr).not.toContain('s3cr3t-token-value')
    expect(result.stdout + result.stderr).not.toContain('file value')
    const missing = cli('run', 'secret', '--secret', 'NOT_SET_ANYWHERE')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      '--secret NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set',
    )
  })

  it('exits 2 with a message naming the flag and value on a usage error', () => {
    const bad = cli('run', 'ci', '--sha', 'abc')
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe(
      "pipeline-kit: --sha expects a full 40-character lowercase hex commit SHA, got 'abc'",
    )
    const wrongEvent = cli('run', 'failing', '--event', 'pull_request')
    expect(wrongEvent.code).toBe(2)
    expect(wrongEvent.stderr).toContain('does not run on pull_request (on: push)')
    const unknownJob = cli('run', 'ci', '--job', 'lint')
    expect(unknownJob.stderr).toContain("has no job 'lint' (jobs: build, test, deploy, docs)")
  })
})
