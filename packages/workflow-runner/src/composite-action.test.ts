import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWorkflow } from './run-workflow'
import { toolkitRoot } from './run-workflow.test-helper'

/** A user's repository (a git repository with one commit) holding the workflow and its actions. */
function userRepository(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'pk-user-repo-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init')
  return repo
}

const checkout = '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0'

describe('composite actions', () => {
  it('runs a composite from ./actions of the user repository: inputs, env, if, working-directory, nested, outputs, post order', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pk-log-')), 'log')
    const repo = userRepository({
      'actions/greet/action.yml': `name: Greet
description: A composite action
inputs:
  who:
    description: who
    required: true
  greeting:
    description: greeting
    default: Hello from \${{ github.repository }}
outputs:
  message:
    description: the message
    value: \${{ steps.say.outputs.msg }}
  echoed:
    description: from the nested composite
    value: \${{ steps.nested.outputs.echoed }}
runs:
  using: composite
  steps:
    - id: say
      shell: bash
      env:
        GREETING: \${{ inputs.greeting }}
      run: |
        test "$GITHUB_ACTION_PATH" = "\${{ github.action_path }}"
        echo "msg=$GREETING, \${{ inputs.who }} ($OUTER)" >> "$GITHUB_OUTPUT"
        echo "FROM_COMPOSITE=yes" >> "$GITHUB_ENV"
    - id: nested
      uses: ./actions/echo
      with:
        value: \${{ steps.say.outputs.msg }}
    - shell: bash
      working-directory: sub
      run: test "$(basename "$PWD")" = sub
    - id: broken
      shell: bash
      continue-on-error: true
      run: exit 3
    - if: failure()
      shell: bash
      run: echo "failure() ran" >> "${log}"
    - if: steps.broken.outcome == 'failure'
      shell: bash
      run: echo "outcome seen" >> "${log}"
    - uses: ./actions/node-post
`,
      'actions/echo/action.yml': `name: Echo
description: nested composite
inputs:
  value:
    description: value
outputs:
  echoed:
    description: echoed
    value: \${{ steps.e.outputs.echoed }}
runs:
  using: composite
  steps:
    - id: e
      shell: sh
      run: echo "echoed=[\${{ inputs.value }}]" >> "$GITHUB_OUTPUT"
`,
      'actions/node-post/action.yml': `name: Node post
description: node action inside a composite
runs:
  using: node24
  main: main.js
  post: post.js
`,
      'actions/node-post/main.js': `require('node:fs').appendFileSync(${JSON.stringify(log)}, 'node main\\n')`,
      'actions/node-post/post.js': `require('node:fs').appendFileSync(${JSON.stringify(log)}, 'node post\\n')`,
      'sub/.keep': '',
      'ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${checkout}
      - id: g
        name: greet
        uses: ./actions/greet
        env:
          OUTER: outer-env
        with:
          who: Ada
      - name: after
        run: |
          test "\${{ steps.g.outputs.message }}" = "Hello from octo/app, Ada (outer-env)"
          test "\${{ steps.g.outputs.echoed }}" = "[Hello from octo/app, Ada (outer-env)]"
          test "$FROM_COMPOSITE" = yes
          echo "job step after" >> "${log}"
`,
    })
    const result = await runWorkflow({ workflow: join(repo, 'ci.yml'), toolkitRoot, source: repo })
    const job = result.jobs[0]!
    expect(job.reason).toBeUndefined()
    expect(job.result).toBe('success')
    const greet = job.steps.find((s) => s.id === 'g')!
    expect(greet).toMatchObject({ outcome: 'success', kind: 'action' })
    expect(readFileSync(log, 'utf8')).toBe('outcome seen\nnode main\njob step after\nnode post\n')
  })

  it('fails the composite step at its failing step, skipping the rest unless always(), and fails the job', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'pk-log-')), 'log')
    const repo = userRepository({
      'actions/fails/action.yml': `name: Fails
description: A failing composite
runs:
  using: composite
  steps:
    - name: breaks
      shell: bash
      run: echo "about to fail" && exit 7
    - id: never
      shell: bash
      run: echo never >> "${log}"
    - id: cleanup
      if: always()
      shell: bash
      run: echo "cleanup after \${{ job.status }}" >> "${log}"
`,
      'ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${checkout}
      - uses: ./actions/fails
      - run: echo not reached
`,
    })
    const result = await runWorkflow({ workflow: join(repo, 'ci.yml'), toolkitRoot, source: repo })
    const job = result.jobs[0]!
    expect(job.result).toBe('failure')
    expect(job.reason).toBe(
      "step './actions/fails' failed: step 'breaks' failed: exit code 7 (about to fail)",
    )
    expect(job.steps.map((s) => [s.name, s.conclusion])).toEqual([
      ['actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8', 'success'],
      ['./actions/fails', 'failure'],
      ['Run echo not reached', 'skipped'],
    ])
    expect(job.steps[1]!.logTail).toContain('about to fail')
    expect(readFileSync(log, 'utf8')).toBe('cleanup after success\n')
  })
})
