import { beforeAll, describe, expect, it } from 'vitest'
import { runActionBundle } from '../harness'
import { commitAll, git, makeWorkspace, readReport, toolPath, writeFiles } from './helpers'

/*
 * only-changed on a real git repository: the base commit has old problems, the pull
 * request's head commit adds new ones to one file and leaves another file alone.
 */
const base = {
  '.flake8': '[flake8]\nmax-line-length = 100\n',
  'legacy.py': 'import os\nimport sys\n\n\ndef old():\n    return 1\n',
  'service.py': 'import json\nimport os\n\n\ndef handler(event):\n    return json.dumps(event)\n',
}
const head = {
  'service.py':
    'import json\nimport os\nimport re\n\n\ndef handler(event):\n    unused = 1\n    return json.dumps(event)\n\n\ndef extra( x):\n    return x\n',
}

describe('lint: only-changed on a pull request', () => {
  let workspace: string
  let baseSha: string
  let headSha: string
  beforeAll(() => {
    workspace = makeWorkspace()
    writeFiles(workspace, base)
    baseSha = commitAll(workspace, 'base')
    git(workspace, 'checkout', '-q', '-b', 'feature')
    writeFiles(workspace, head)
    headSha = commitAll(workspace, 'feature')
  })
  const event = () => ({
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: headSha, ref: 'feature' },
        base: { sha: baseSha, ref: 'main' },
      },
      repository: { name: 'app', full_name: 'octo/app', owner: { login: 'octo' } },
    },
  })

  it('keeps only findings on the changed lines', async () => {
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      event: event(),
      env: { PATH: toolPath },
      inputs: { linters: 'flake8', 'only-changed': 'lines' },
    })
    const report = readReport(run.outputs.report!)
    // Changed: line 3 (import re), 7 (unused) and 9-12 (extra); line 2's unused os import is old.
    expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual([
      'service.py:3 F401',
      'service.py:7 F841',
      'service.py:11 E201',
    ])
    // legacy.py's two unused imports and service.py's old one are outside the pull request.
    expect(report.filteredOut).toBe(3)
    expect(run.outputs.errors).toBe('3')
    expect(run.summary).toContain(
      'Only findings on changed lines are kept; 3 findings elsewhere were left out.',
    )
    expect(run.stdout).toContain(`only-changed: comparing ${baseSha}..${headSha}`)
  })

  it('keeps every finding in the changed files with only-changed: files', async () => {
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      event: event(),
      env: { PATH: toolPath },
      inputs: { linters: 'flake8', 'only-changed': 'files' },
    })
    const report = readReport(run.outputs.report!)
    expect(new Set(report.diagnostics.map((d) => d.file))).toEqual(new Set(['service.py']))
    expect(report.diagnostics.map((d) => d.line)).toEqual([2, 3, 7, 11])
    expect(report.filteredOut).toBe(2)
  })

  it('explains a base commit missing from a shallow clone', async () => {
    const payload = event()
    payload.payload.pull_request.base.sha = 'f'.repeat(40)
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      event: payload,
      env: { PATH: toolPath },
      inputs: { linters: 'flake8', 'only-changed': 'lines' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(/is not in the clone .*fetch-depth: 0/)
  })

  it('keeps everything on an event without a base commit', async () => {
    const run = await runActionBundle({
      action: 'lint',
      workspace,
      event: { name: 'workflow_dispatch', payload: { repository: { full_name: 'octo/app' } } },
      env: { PATH: toolPath },
      inputs: { linters: 'flake8', 'only-changed': 'lines' },
    })
    expect(readReport(run.outputs.report!).diagnostics).toHaveLength(6)
    expect(run.stdout).toContain(
      'only-changed: a workflow_dispatch event has no base commit; keeping every finding',
    )
  })
})
