import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWorkflow, type RunWorkflowOptions } from './run-workflow'
import { toolkitRoot } from './run-workflow.test-helper'
import type { WorkflowResult } from './types'

/** Writes `files` (path → YAML) into a new repository and runs its `.github/workflows/caller.yml`. */
async function runRepository(
  files: Record<string, string>,
  options: Partial<RunWorkflowOptions> = {},
): Promise<{ result: WorkflowResult; source: string }> {
  const source = mkdtempSync(join(tmpdir(), 'pk-call-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(source, path)), { recursive: true })
    writeFileSync(join(source, path), content)
  }
  const workflow = join(source, '.github/workflows/caller.yml')
  return { result: await runWorkflow({ workflow, toolkitRoot, source, ...options }), source }
}

const byName = (result: WorkflowResult) => Object.fromEntries(result.jobs.map((j) => [j.name, j.result]))

const called = `
on:
  workflow_call:
    inputs:
      target:
        type: string
        required: true
      debug:
        type: boolean
        default: false
      retries:
        type: number
        default: 2
    secrets:
      token:
        required: true
      optional:
        required: false
    outputs:
      digest:
        value: \${{ jobs.build.outputs.digest }}
      flags:
        value: \${{ inputs.debug }}-\${{ inputs.retries }}
      workflow:
        value: \${{ jobs.build.outputs.workflow }}/\${{ jobs.build.result }}
env:
  CALLED_ENV: set
jobs:
  build:
    name: Build
    runs-on: ubuntu-latest
    outputs:
      digest: \${{ steps.d.outputs.digest }}
      workflow: \${{ github.workflow }}
      sha: \${{ github.job_workflow_sha == github.sha && github.sha != '' }}
    steps:
      - id: d
        run: |
          echo "digest=\${{ inputs.target }}:\${{ inputs.debug && 'debug' || 'plain' }}:\${{ inputs.retries }}" >> "$GITHUB_OUTPUT"
          test "\${{ secrets.token }}" = s3cret
          test -z "\${{ secrets.optional }}"
          test -z "\${{ secrets.OTHER }}"
          test -z "$CALLER_ENV"
          test "$CALLED_ENV" = set
          test "\${{ github.event_name }}" = push
`

describe('jobs.<id>.uses: reusable workflows', () => {
  it('passes typed inputs with defaults and explicit secrets, and gives the outputs to dependents', async () => {
    const { result } = await runRepository(
      {
        '.github/workflows/build.yml': called,
        '.github/workflows/caller.yml': `
name: Caller
on: push
env:
  CALLER_ENV: not propagated
permissions:
  contents: read
jobs:
  call:
    permissions:
      contents: read
    concurrency:
      group: call-\${{ github.ref }}
    uses: ./.github/workflows/build.yml
    with:
      target: app
      debug: true
    secrets:
      token: \${{ secrets.DEPLOY_TOKEN }}
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - id: seen
        run: echo "seen=\${{ needs.call.outputs.digest }}/\${{ needs.call.outputs.flags }}/\${{ needs.call.result }}" >> "$GITHUB_OUTPUT"
`,
      },
      { secrets: { DEPLOY_TOKEN: 's3cret', OTHER: 'not passed' } },
    )
    expect(result.jobs.map((j) => [j.name, j.result, j.reason])).toEqual([
      ['call', 'success', undefined],
      ['call / Build', 'success', undefined],
      ['after', 'success', undefined],
    ])
    expect(result.jobs[0]!.outputs).toEqual({
      digest: 'app:debug:2',
      flags: 'true-2',
      workflow: 'Caller/success',
    })
    expect(result.jobs[2]!.steps[0]!.outputs).toEqual({ seen: 'app:debug:2/true-2/success' })
  })

  it('passes every secret with secrets: inherit, and runs nested calls with the caller github context', async () => {
    const { result } = await runRepository(
      {
        '.github/workflows/build.yml': called,
        '.github/workflows/middle.yml': `
on:
  workflow_call:
    inputs:
      target:
        type: string
    outputs:
      digest:
        value: \${{ jobs.inner.outputs.digest }}
jobs:
  inner:
    uses: ./.github/workflows/build.yml
    with:
      target: nested-\${{ inputs.target }}
      retries: 5
    secrets: inherit
`,
        '.github/workflows/caller.yml': `
name: Caller
on: push
jobs:
  outer:
    uses: ./.github/workflows/middle.yml
    with:
      target: x
    secrets: inherit
  after:
    needs: outer
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ needs.outer.outputs.digest }}" = "nested-x:plain:5"
`,
      },
      { secrets: { token: 's3cret' }, workDir: mkdtempSync(join(tmpdir(), 'pk-call-work-')) },
    )
    expect(byName(result)).toEqual({
      outer: 'success',
      'outer / inner': 'success',
      'outer / inner / Build': 'success',
      after: 'success',
    })
    expect(result.jobs.map((j) => j.id)).toEqual(['outer', 'outer/inner', 'outer/inner/build', 'after'])
    expect(result.jobs[2]!.outputs).toMatchObject({ workflow: 'Caller', sha: 'true' })
  })

  it('runs a calling job once per matrix combination', async () => {
    const { result } = await runRepository({
      '.github/workflows/build.yml': called,
      '.github/workflows/caller.yml': `
on: push
jobs:
  call:
    strategy:
      matrix:
        target: [one, two]
    uses: ./.github/workflows/build.yml
    with:
      target: \${{ matrix.target }}
    secrets:
      token: s3cret
`,
    })
    expect(byName(result)).toEqual({
      'call (one)': 'success',
      'call (one) / Build': 'success',
      'call (two)': 'success',
      'call (two) / Build': 'success',
    })
    expect(result.jobs.filter((j) => j.id === 'call').map((j) => j.outputs.digest)).toEqual([
      'one:plain:2',
      'two:plain:2',
    ])
  })

  it('fails the calling job when a called job fails, and skips its dependents', async () => {
    const { result } = await runRepository(
      {
        '.github/workflows/failing.yml': `
on: workflow_call
jobs:
  broken:
    runs-on: ubuntu-latest
    steps:
      - env:
          TOKEN: \${{ secrets.token }}
        run: |
          echo "seen $TOKEN"
          exit 3
  later:
    needs: broken
    runs-on: ubuntu-latest
    steps:
      - run: echo never
`,
        '.github/workflows/caller.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/failing.yml
    secrets: inherit
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  report:
    needs: call
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ needs.call.result }}" = failure
`,
      },
      { secrets: { token: 'hush-value' } },
    )
    const broken = result.jobs.find((j) => j.name === 'call / broken')!
    expect(broken.steps[0]!.logTail).toContain('seen ***')
    expect(JSON.stringify(result)).not.toContain('hush-value')
    expect(byName(result)).toEqual({
      call: 'failure',
      'call / broken': 'failure',
      'call / later': 'skipped',
      after: 'skipped',
      report: 'success',
    })
    expect(result.success).toBe(false)
    expect(result.jobs[0]!.reason).toMatch(/^call \/ broken: /)
  })

  it("refuses a run with a missing required input or secret or an undeclared input, with GitHub's messages", async () => {
    const refused = runRepository({
      '.github/workflows/build.yml': called,
      '.github/workflows/caller.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/build.yml
    with:
      unknown: 1
`,
    })
    await expect(refused).rejects.toThrow(
      [
        'The workflow is not valid. .github/workflows/caller.yml (Line: 5, Col: 11): Input target is required, but not provided while calling.',
        '.github/workflows/caller.yml (Line: 7, Col: 16): Invalid input, unknown is not defined in the referenced workflow.',
        '.github/workflows/caller.yml (Line: 5, Col: 11): Secret token is required, but not provided while calling.',
      ].join('\n'),
    )

    const marker = join(mkdtempSync(join(tmpdir(), 'pk-call-marker-')), 'ran')
    const nested = runRepository({
      '.github/workflows/build.yml': called,
      '.github/workflows/middle.yml': `
on: workflow_call
jobs:
  inner:
    uses: ./.github/workflows/build.yml
    secrets: inherit
`,
      '.github/workflows/caller.yml': `
on: push
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - run: touch ${marker}
  outer:
    uses: ./.github/workflows/middle.yml
`,
    })
    await expect(nested).rejects.toThrow(
      'The workflow is not valid. .github/workflows/middle.yml (Line: 5, Col: 11): Input target is required, but not provided while calling.',
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('refuses an input of the wrong type as GitHub does', async () => {
    const { result } = await runRepository({
      '.github/workflows/build.yml': called,
      '.github/workflows/caller.yml': `
on: push
jobs:
  call:
    uses: ./.github/workflows/build.yml
    with:
      target: app
      debug: \${{ 'yes' }}
    secrets:
      token: s3cret
`,
    })
    expect(result.jobs[0]!.result).toBe('failure')
    expect(result.jobs[0]!.reason).toBe(
      "input debug of ./.github/workflows/build.yml: Unexpected type of value 'yes', expected type: Boolean",
    )
  })

  it('runs a remote reusable workflow from actionMap, and fails an unmapped one naming how to map it', async () => {
    const remote = mkdtempSync(join(tmpdir(), 'pk-call-remote-'))
    mkdirSync(join(remote, '.github/workflows'), { recursive: true })
    writeFileSync(join(remote, '.github/workflows/build.yml'), called)
    const files = {
      '.github/workflows/caller.yml': `
on: push
jobs:
  call:
    uses: octo/shared/.github/workflows/build.yml@v1
    with:
      target: remote
    secrets:
      token: s3cret
`,
    }
    const mapped = await runRepository(files, { actionMap: { 'octo/shared@v1': remote } })
    expect(byName(mapped.result)).toEqual({ call: 'success', 'call / Build': 'success' })
    expect(mapped.result.jobs[0]!.outputs.digest).toBe('remote:plain:2')

    const cache = mkdtempSync(join(tmpdir(), 'pk-call-cache-'))
    mkdirSync(join(cache, 'octo/shared/v1/.github/workflows'), { recursive: true })
    writeFileSync(join(cache, 'octo/shared/v1/.github/workflows/build.yml'), called)
    const cached = await runRepository(files, { actionCache: cache })
    expect(byName(cached.result)).toEqual({ call: 'success', 'call / Build': 'success' })

    const unmapped = await runRepository(files)
    expect(unmapped.result.jobs).toHaveLength(1)
    expect(unmapped.result.jobs[0]!.result).toBe('failure')
    expect(unmapped.result.jobs[0]!.reason).toContain(
      "calls the reusable workflow octo/shared/.github/workflows/build.yml@v1, which the local runner cannot fetch; map octo/shared@v1 to a checkout of it with actionMap { 'octo/shared@v1': DIR } (pnpm pipeline --action octo/shared@v1=DIR)",
    )
  })

  it("nests up to GitHub's ten levels of workflows and refuses an eleventh", async () => {
    const level = (n: number, last: number) =>
      n === last
        ? 'on: workflow_call\njobs:\n  leaf:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo leaf\n'
        : `on: workflow_call\njobs:\n  l${n}:\n    uses: ./.github/workflows/level-${n + 1}.yml\n`
    const chain = (last: number) => {
      const files: Record<string, string> = {
        '.github/workflows/caller.yml':
          'on: push\njobs:\n  top:\n    uses: ./.github/workflows/level-2.yml\n',
      }
      for (let n = 2; n <= last; n++) files[`.github/workflows/level-${n}.yml`] = level(n, last)
      return files
    }
    const ten = await runRepository(chain(10))
    expect(ten.result.success).toBe(true)
    expect(ten.result.jobs.at(-1)!.name).toBe('top / l2 / l3 / l4 / l5 / l6 / l7 / l8 / l9 / leaf')
    const eleven = await runRepository(chain(11))
    expect(eleven.result.success).toBe(false)
    expect(
      eleven.result.jobs.find((j) => j.name === 'top / l2 / l3 / l4 / l5 / l6 / l7 / l8 / l9 / l10')?.reason,
    ).toBe('./.github/workflows/level-11.yml would be level 11: GitHub connects up to 10 levels of workflows')
  })

  it('calls at most 50 unique reusable workflows from one workflow file', async () => {
    const files: Record<string, string> = {}
    let caller = 'on: push\njobs:\n'
    for (let n = 1; n <= 51; n++) {
      files[`.github/workflows/w${n}.yml`] =
        'on: workflow_call\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n'
      caller += `  c${n}:\n    uses: ./.github/workflows/w${n}.yml\n`
    }
    // Calling one of them again is not a new unique workflow.
    caller += '  again:\n    uses: ./.github/workflows/w1.yml\n'
    files['.github/workflows/caller.yml'] = caller
    const { result } = await runRepository(files)
    const failed = result.jobs.filter((j) => j.result === 'failure')
    expect(failed.map((j) => [j.id, j.reason])).toEqual([
      [
        'c51',
        './.github/workflows/w51.yml would be the reusable workflow number 51: GitHub allows 50 per workflow file',
      ],
    ])
    expect(result.jobs.filter((j) => j.result === 'success')).toHaveLength(50 * 2 + 2)
  })

  it('refuses a workflow that calls itself', async () => {
    const { result } = await runRepository({
      '.github/workflows/caller.yml': `
on: [push, workflow_call]
jobs:
  again:
    uses: ./.github/workflows/caller.yml
`,
    })
    expect(result.jobs[0]!.reason).toMatch(/calls itself .*loops are not permitted/)
  })
})
