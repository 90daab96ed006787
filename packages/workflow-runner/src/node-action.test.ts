import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cachedFolder, mappedFolder } from './locate-action'
import { runWorkflow } from './run-workflow'
import { toolkitRoot } from './run-workflow.test-helper'

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** A node action folder: action.yml plus one script per stage, each printing to `log`. */
function writeNodeAction(dir: string, manifest: string, scripts: Record<string, string>): void {
  write(join(dir, 'action.yml'), manifest)
  for (const [name, code] of Object.entries(scripts)) write(join(dir, name), code)
}

const appendLog = (log: string, line: string) =>
  `require('node:fs').appendFileSync(${JSON.stringify(log)}, ${line} + '\\n')`

/** A user's repository (a git repository with one commit) holding the workflow and its files. */
function userRepository(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'pk-user-repo-'))
  for (const [path, text] of Object.entries(files)) write(join(repo, path), text)
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init')
  return repo
}

describe('node actions', () => {
  it('runs ./actions/<name> of the user repository, not this toolkit’s action of that name', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pk-log-')), 'log')
    const repo = userRepository({
      'actions/lint/action.yml': `name: Their lint
description: The user's own action that happens to share a name with the toolkit's
inputs:
  who:
    description: who
    required: true
  where:
    description: defaulted from an expression
    default: \${{ github.repository }} at \${{ github.ref_name }}
outputs:
  said:
    description: what it said
runs:
  using: node20
  pre: pre.js
  main: main.js
  post: post.js
  post-if: success()
`,
      'actions/lint/pre.js': appendLog(log, "'pre'"),
      'actions/lint/main.js': [
        "const fs = require('node:fs')",
        'fs.appendFileSync(process.env.GITHUB_OUTPUT, `said=hi ${process.env.INPUT_WHO} in ${process.env.INPUT_WHERE}\\n`)',
        "fs.appendFileSync(process.env.GITHUB_STATE, 'token=from-main\\n')",
        appendLog(log, "'main ' + process.env.GITHUB_ACTION_PATH.endsWith('/actions/lint')"),
      ].join('\n'),
      'actions/lint/post.js': appendLog(log, "'post ' + process.env.STATE_token"),
      '.github/workflows/ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: mine
        name: mine
        uses: ./actions/lint
        with:
          who: Ada
      - name: check
        run: test "\${{ steps.mine.outputs.said }}" = "hi Ada in octo/app at main"
`,
    })
    const result = await runWorkflow({
      workflow: join(repo, '.github', 'workflows', 'ci.yml'),
      toolkitRoot,
      source: repo,
    })
    const job = result.jobs[0]!
    expect(job.reason).toBeUndefined()
    expect(job.result).toBe('success')
    expect(job.steps.map((s) => [s.name, s.conclusion])).toEqual([
      ['actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8', 'success'],
      ['mine', 'success'],
      ['check', 'success'],
      ['Post mine', 'success'],
    ])
    // The runner does not run `pre` of a local action, and runs node20 on Node 24.
    expect(readFileSync(log, 'utf8')).toBe('main true\npost from-main\n')
    expect(result.annotations.map((a) => a.message)).toEqual(
      expect.arrayContaining([
        "`pre` execution is not supported for local action from './actions/lint'",
        'Node.js 20 is deprecated. The following actions target Node.js 20 but are being forced to run on Node.js 24: ./actions/lint',
      ]),
    )
  })

  it('runs a mapped remote action: pre in set-up order with pre-if, STATE_* from pre to main and post', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pk-log-')), 'log')
    const tool = mkdtempSync(join(tmpdir(), 'pk-remote-tool-'))
    writeNodeAction(
      join(tool, 'sub'),
      `name: Tool
description: A remote action with pre and post
inputs:
  level:
    description: level
    default: \${{ job.status }}
runs:
  using: node16
  pre: pre.js
  pre-if: runner.os == 'Linux'
  main: main.js
  post: post.js
`,
      {
        'pre.js': [
          appendLog(log, "'pre ' + process.env.INPUT_LEVEL"),
          "require('node:fs').appendFileSync(process.env.GITHUB_STATE, 'from_pre=1\\n')",
        ].join('\n'),
        'main.js': appendLog(
          log,
          "'main ' + process.env.STATE_from_pre + ' ' + process.env.GITHUB_ACTION_REPOSITORY + '@' + process.env.GITHUB_ACTION_REF",
        ),
        'post.js': appendLog(log, "'post ' + process.env.STATE_from_pre"),
      },
    )
    const skipped = join(tool, 'no-pre')
    writeNodeAction(
      skipped,
      `name: No pre
description: pre-if false
runs:
  using: node24
  pre: pre.js
  pre-if: "false"
  main: main.js
`,
      { 'pre.js': appendLog(log, "'never'"), 'main.js': appendLog(log, "'second main'") },
    )
    const repo = userRepository({
      'ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo first >> "${log}"
      - uses: someone/tool/sub@v2
      - uses: someone/tool/no-pre@v2
`,
    })
    const result = await runWorkflow({
      workflow: join(repo, 'ci.yml'),
      toolkitRoot,
      source: repo,
      actionMap: { 'Someone/Tool@v2': tool },
    })
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(readFileSync(log, 'utf8')).toBe(
      'pre success\nfirst\nmain 1 someone/tool@v2\nsecond main\npost 1\n',
    )
    expect(result.jobs[0]!.steps.map((s) => s.name)).toEqual([
      'Pre someone/tool/sub@v2',
      'Run echo first >> "' + log + '"',
      'someone/tool/sub@v2',
      'someone/tool/no-pre@v2',
      'Post someone/tool/sub@v2',
    ])
  })

  it("evaluates a pre's with and name with the step's own env, as the main step's", async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pk-log-')), 'log')
    const tool = mkdtempSync(join(tmpdir(), 'pk-remote-tool-'))
    writeNodeAction(
      tool,
      `name: Tool
description: pre and main print their input
inputs:
  level:
    description: level
runs:
  using: node24
  pre: pre.js
  main: main.js
`,
      {
        'pre.js': appendLog(log, "'pre ' + process.env.INPUT_LEVEL"),
        'main.js': appendLog(log, "'main ' + process.env.INPUT_LEVEL"),
      },
    )
    const repo = userRepository({
      'ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/tool@v1
        name: tool \${{ env.LEVEL }}
        env:
          LEVEL: high
        with:
          level: \${{ env.LEVEL }}
`,
    })
    const result = await runWorkflow({
      workflow: join(repo, 'ci.yml'),
      toolkitRoot,
      source: repo,
      actionMap: { 'someone/tool@v1': tool },
    })
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(readFileSync(log, 'utf8')).toBe('pre high\nmain high\n')
    expect(result.jobs[0]!.steps.map((s) => s.name)).toEqual(['Pre tool high', 'tool high'])
  })

  it('fails the step of a remote action nobody mapped, naming it and the option that provides it', async () => {
    const repo = userRepository({
      'ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/unmapped@v1
      - run: echo never
`,
    })
    const result = await runWorkflow({ workflow: join(repo, 'ci.yml'), toolkitRoot, source: repo })
    const [job] = result.jobs
    expect(job!.result).toBe('failure')
    expect(job!.steps.map((s) => s.conclusion)).toEqual(['failure', 'skipped'])
    expect(job!.reason).toBe(
      "step 'someone/unmapped@v1' failed: someone/unmapped@v1 is a remote action the local runner cannot fetch; map it to a folder holding its files with actionMap { 'someone/unmapped@v1': DIR } (pnpm pipeline --action someone/unmapped@v1=DIR) or put it in the actionCache folder as <owner>/<repo>/<ref>",
    )
    expect(result.success).toBe(false)
  })
})

describe('cachedFolder', () => {
  it('finds owner/repo/ref/path in a cache laid out as the runner’s _actions folder', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'pk-action-cache-'))
    const log = join(cache, 'log')
    writeNodeAction(
      join(cache, 'Some-Org', 'tool', 'v3', 'sub'),
      'name: Cached\ndescription: from the cache\nruns:\n  using: node24\n  main: index.js\n',
      { 'index.js': appendLog(log, "'cached ran'") },
    )
    expect(cachedFolder(cache, 'Some-Org/tool/sub@v3')).toBe(join(cache, 'Some-Org', 'tool', 'v3', 'sub'))
    expect(cachedFolder(cache, 'Some-Org/tool@v3')).toBeUndefined()
    expect(cachedFolder(cache, 'Some-Org/tool/sub@v4')).toBeUndefined()
    const repo = userRepository({
      'ci.yml':
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: Some-Org/tool/sub@v3\n',
    })
    const result = await runWorkflow({
      workflow: join(repo, 'ci.yml'),
      toolkitRoot,
      source: repo,
      actionCache: cache,
    })
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(readFileSync(log, 'utf8')).toBe('cached ran\n')
  })
})

describe('mappedFolder', () => {
  it('matches owner/repo case-insensitively, the ref exactly, and serves paths below a repository entry', () => {
    const map = { 'a/b@v1': '/x', 'a/b/deep@v2': '/y' }
    expect(mappedFolder(map, 'A/B@v1')).toBe('/x')
    expect(mappedFolder(map, 'a/b/sub/dir@v1')).toBe('/x/sub/dir')
    expect(mappedFolder(map, 'a/b/deep@v2')).toBe('/y')
    expect(mappedFolder(map, 'a/b@V1')).toBeUndefined()
    expect(mappedFolder(map, 'a/b/other@v2')).toBeUndefined()
    expect(mappedFolder(map, './local')).toBeUndefined()
  })
})
