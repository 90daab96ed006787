import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWorkflow } from './run-workflow'
import { renderRunReport } from './report'
import { run, toolkitRoot, workflowFile } from './run-workflow.test-helper'
import { createConsoleReporter } from './progress'

/** A node action whose description holds an expression (so the runner refuses it); its script writes `marker`. */
function writeRefusedAction(dir: string, marker: string): void {
  mkdirSync(join(dir, 'dist'), { recursive: true })
  writeFileSync(
    join(dir, 'action.yml'),
    'name: Refused\ndescription: Uses ${{ github.token }}\nruns:\n  using: node24\n  main: dist/index.js\n',
  )
  writeFileSync(
    join(dir, 'dist', 'index.js'),
    `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\n`,
  )
}

describe('runWorkflow', () => {
  it('runs run steps with their shell, env, working-directory and step outputs', async () => {
    const result = await run(`
on: push
env:
  GREETING: hello
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TARGET: world
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: greet
        run: |
          mkdir -p sub
          echo "text=$GREETING $TARGET from \${{ github.event_name }}" >> "$GITHUB_OUTPUT"
      - id: py
        shell: python
        run: |
          import os
          with open(os.environ["GITHUB_OUTPUT"], "a") as f:
              f.write("upper=" + "\${{ steps.greet.outputs.text }}".upper() + "\\n")
      - id: where
        working-directory: sub
        env:
          STEP_ONLY: yes
        run: echo "dir=$(basename "$PWD") $STEP_ONLY $(cat ../hello.txt)" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(result.success).toBe(true)
    const steps = result.jobs[0]!.steps
    expect(steps.map((s) => s.conclusion)).toEqual(['success', 'success', 'success', 'success'])
    expect(steps[0]!.kind).toBe('local-equivalent')
    expect(steps[1]!.outputs).toEqual({ text: 'hello world from push' })
    expect(steps[2]!.outputs).toEqual({ upper: 'HELLO WORLD FROM PUSH' })
    expect(steps[3]!.outputs).toEqual({ dir: 'sub yes hello from the working tree' })
  })

  it('runs jobs in needs order and passes job outputs through needs', async () => {
    const result = await run(`
on: push
jobs:
  deploy:
    needs: [build, test]
    runs-on: ubuntu-latest
    steps:
      - id: show
        run: echo "seen=\${{ needs.build.outputs.version }}/\${{ needs.test.result }}" >> "$GITHUB_OUTPUT"
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: test "\${{ needs.build.outputs.version }}" = 1.2.3
  build:
    runs-on: ubuntu-latest
    outputs:
      version: \${{ steps.v.outputs.version }}
    steps:
      - id: v
        run: echo "version=1.2.3" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs.map((j) => j.id)).toEqual(['build', 'test', 'deploy'])
    expect(result.jobs[0]!.outputs).toEqual({ version: '1.2.3' })
    expect(result.jobs[2]!.steps[0]!.outputs).toEqual({ seen: '1.2.3/success' })
    expect(result.success).toBe(true)
  })

  it('expands a matrix with include and exclude, one job instance per combination', async () => {
    const result = await run(`
on: push
jobs:
  shard:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [1, 2]
        os: [linux, mac]
        exclude:
          - os: mac
            shard: 2
        include:
          - os: linux
            extra: yes
    steps:
      - id: m
        run: echo "value=\${{ matrix.os }}-\${{ matrix.shard }}-\${{ matrix.extra || 'no' }}" \${{ strategy.job-index }}/\${{ strategy.job-total }} >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs.map((j) => j.steps[0]!.outputs.value)).toEqual([
      'linux-1-yes 0/3',
      'mac-1-no 1/3',
      'linux-2-yes 2/3',
    ])
    expect(result.jobs.map((j) => j.name)).toEqual([
      'shard (1, linux, yes)',
      'shard (1, mac)',
      'shard (2, linux, yes)',
    ])
  })

  it('evaluates if: with status functions, stops at a failing step and skips dependent jobs', async () => {
    const result = await run(`
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "::error file=app.js,line=3::assertion failed"; exit 3
      - run: echo never
      - if: failure()
        id: cleanup
        run: echo "ran=yes" >> "$GITHUB_OUTPUT"
      - if: always() && github.ref == 'refs/heads/main'
        run: echo always
      - continue-on-error: true
        if: always()
        run: exit 1
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo deploying
  rollback:
    needs: test
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo rolling back
`)
    expect(result.success).toBe(false)
    const [test, deploy, rollback] = result.jobs
    expect(test!.steps.map((s) => s.conclusion)).toEqual(
      ['success', 'skipped', 'success', 'success', 'success'].map((c, i) => (i === 0 ? 'failure' : c)),
    )
    expect(test!.steps[4]!.outcome).toBe('failure')
    expect(test!.steps[2]!.outputs).toEqual({ ran: 'yes' })
    expect(test!.reason).toBe(
      'step \'Run echo "::error file=app.js,line=3::assertion failed"; exit 3\' failed: exit code 3 (error: assertion failed)',
    )
    expect(deploy!.result).toBe('skipped')
    expect(deploy!.reason).toBe('needs test did not succeed')
    expect(rollback!.result).toBe('success')
    expect(result.failure).toEqual({ job: 'test', reason: test!.reason })
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: 'app.js',
        line: 3,
        message: 'assertion failed',
        job: 'test',
      }),
    )
  })

  it('evaluates expressions with GitHub functions, vars, secrets and inputs; masks secrets', async () => {
    const result = await run(
      `
on:
  workflow_call:
    inputs:
      environment:
        type: string
        default: staging
      replicas:
        type: number
        required: true
    secrets:
      TOKEN:
        required: true
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - id: e
        run: |
          echo "json=\${{ toJSON(fromJSON('{"a":[1,2]}').a) }}" | tr -d '\\n ' >> "$GITHUB_OUTPUT"; echo >> "$GITHUB_OUTPUT"
          echo "fmt=\${{ format('{0}-{1}', inputs.environment, inputs.replicas) }}" >> "$GITHUB_OUTPUT"
          echo "host=\${{ vars.HOST }}" >> "$GITHUB_OUTPUT"
          echo "contains=\${{ contains(github.ref, 'main') && startsWith(github.repository, 'octo/') }}" >> "$GITHUB_OUTPUT"
          echo "secret is \${{ secrets.TOKEN }}"
          exit 1
`,
      {
        inputs: { replicas: '3' },
        vars: { HOST: 'example.test' },
        secrets: { TOKEN: 's3cr3t-value' },
        event: { name: 'workflow_call', payload: { ref: 'refs/heads/main' } },
        repository: 'octo/app',
      },
    )
    const step = result.jobs[0]!.steps[0]!
    expect(step.outputs).toEqual({ json: '[1,2]', fmt: 'staging-3', host: 'example.test', contains: 'true' })
    expect(step.logTail.join('\n')).toContain('secret is ***')
    expect(step.logTail.join('\n')).not.toContain('s3cr3t-value')
  })

  it('lets a job with continue-on-error fail without failing its dependents, and hashes files', async () => {
    const result = await run(`
on: push
jobs:
  experimental:
    runs-on: ubuntu-latest
    continue-on-error: true
    steps:
      - run: exit 1
  after:
    needs: experimental
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: h
        run: echo "hash=\${{ hashFiles('**/hello.txt') }} none=\${{ hashFiles('nothing/*') }}" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs.map((j) => j.result)).toEqual(['success', 'success'])
    expect(result.jobs[0]!.steps[0]!.outcome).toBe('failure')
    expect(result.jobs[1]!.steps[1]!.outputs.hash).toMatch(/^[0-9a-f]{64} none=$/)
  })

  it('names the environment before the steps run even when its url reads step outputs', async () => {
    const result = await run(`
on: push
jobs:
  review:
    runs-on: ubuntu-latest
    environment:
      name: review-\${{ github.ref_name }}
      url: \${{ steps.port.outputs.url }}
    steps:
      - id: port
        run: echo "url=http://127.0.0.1:9007" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs[0]!.result).toBe('success')
    expect(result.jobs[0]!.environment).toBe('review-main')
  })

  it('rejects an invalid workflow with the parser errors and positions', async () => {
    const error = await run('on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ 1 + }}\n').catch(
      (e: Error) => e,
    )
    expect(String(error)).toMatch(/workflow\.yml \(Line: 5, Col: 14\): Unexpected symbol: '\+'/)
    expect(String(error)).toMatch(/workflow\.yml \(Line: 4, Col: 5\): Required property is missing: runs-on/)
  })

  it('fails a step whose third-party action it cannot run, naming it and how to map it; checks setup-* toolchains', async () => {
    const result = await run(`
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 1
      - uses: actions/setup-nonexistenttool@0123456789abcdef0123456789abcdef01234567
        continue-on-error: true
      - uses: some-org/deploy-thing@0123456789abcdef0123456789abcdef01234567
`)
    const [node, other, thing] = result.jobs[0]!.steps
    expect(node!.conclusion).toBe('success')
    expect(node!.detail).toMatch(/^local node: v\d+/)
    expect(result.annotations.map((a) => a.message)).toContain(
      `actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 asked for node 1; the local node is ${process.version}`,
    )
    expect(other!.kind).toBe('not-run-locally')
    expect(other!.outcome).toBe('failure')
    expect(other!.detail).toContain(
      'actions/setup-nonexistenttool@0123456789abcdef0123456789abcdef01234567 is a remote action',
    )
    expect(thing!.conclusion).toBe('failure')
    expect(thing!.kind).toBe('not-run-locally')
    expect(thing!.detail).toContain('some-org/deploy-thing@0123456789abcdef0123456789abcdef01234567')
    expect(thing!.detail).toContain('actionMap')
    expect(result.jobs[0]!.result).toBe('failure')
    expect(renderRunReport(result)).toContain(
      'a › some-org/deploy-thing@0123456789abcdef0123456789abcdef01234567',
    )
  })

  it('passes files between jobs through upload-artifact and download-artifact', async () => {
    const result = await run(`
on: push
jobs:
  make:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p out/deep && echo one > out/a.txt && echo two > out/deep/b.txt
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        with:
          name: files
          path: out/
  use:
    needs: make
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with:
          name: files
          path: got
      - id: r
        run: echo "content=$(cat got/a.txt)$(cat got/deep/b.txt)" >> "$GITHUB_OUTPUT"
`)
    expect(result.success).toBe(true)
    expect(result.jobs[1]!.steps[1]!.outputs).toEqual({ content: 'onetwo' })
  })

  it('runs this toolkit’s smoke-test action from its bundle, with defaults, outputs, summary and post step', async () => {
    const { createServer } = await import('node:http')
    const server = createServer((_req, res) => res.end(JSON.stringify({ status: 'ok' })))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    try {
      const lines: string[] = []
      const result = await run(
        `
on: push
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - id: smoke
        name: smoke
        uses: octo/pipeline-kit/actions/smoke-test@v1
        with:
          urls: http://127.0.0.1:${port}/health
          expect-json: status=ok
      - id: bad
        name: bad
        continue-on-error: true
        uses: octo/pipeline-kit/actions/smoke-test@v1
        with:
          urls: http://127.0.0.1:${port}/health
          expect-json: status=down
          timeout: 1s
          not-an-input: x
      - run: test "\${{ steps.smoke.outputs.passed }}" = true && test "\${{ steps.bad.outcome }}" = failure
`,
        {
          reporter: createConsoleReporter({
            stream: { write: (t: string) => (lines.push(t), true) } as never,
            live: false,
          }),
        },
      )
      expect(result.success).toBe(true)
      const [smoke, bad] = result.jobs[0]!.steps
      expect(smoke!.outputs).toMatchObject({ passed: 'true', 'failed-count': '0' })
      expect(bad!.outcome).toBe('failure')
      expect(bad!.detail).toMatch(/^Smoke test failed: 1 assertion/)
      expect(result.summaries.length).toBeGreaterThanOrEqual(2)
      expect(result.annotations).toContainEqual(
        expect.objectContaining({
          level: 'warning',
          message: expect.stringContaining("Unexpected input(s) 'not-an-input'"),
        }),
      )
      expect(result.jobs[0]!.steps.map((s) => s.name)).toContain('Post smoke')
      const text = lines.join('')
      expect(text).toMatch(/▸ smoke …/)
      expect(text).toMatch(/✓ smoke \d+(ms|\.\ds)/)
      expect(text).toMatch(/✗ bad \S+ \(continue-on-error\) — Smoke test failed/)
      expect(renderRunReport(result)).toMatch(/Job summaries/)
    } finally {
      server.close()
    }
  })

  it('refuses a local action whose manifest the runner refuses, with its message, without running it', async () => {
    const { file, source } = workflowFile(`
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - id: refused
        uses: ./refused-action
`)
    const marker = join(source, '..', 'ran')
    writeRefusedAction(join(source, 'refused-action'), marker)
    const result = await runWorkflow({ workflow: file, toolkitRoot, source })
    const step = result.jobs[0]!.steps[1]!
    expect(step.outcome).toBe('failure')
    expect(step.detail).toMatch(
      /\/refused-action\/action\.yml \(Line: 2, Col: 14\): Unrecognized named-value: 'github'\. Located at position 1 within expression: github\.token\nFailed to load \/.*\/refused-action\/action\.yml$/,
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('fails the job before its first step when a downloaded action’s manifest is refused', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pk-wfr-kit-'))
    const marker = join(root, 'ran')
    writeRefusedAction(join(root, 'actions', 'refused'), marker)
    const result = await run(
      `
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: touch "${marker}-first-step"
      - uses: octo/pipeline-kit/actions/refused@v1
`,
      { toolkitRoot: root },
    )
    const [job] = result.jobs
    expect(job!.result).toBe('failure')
    expect(job!.steps).toEqual([])
    expect(job!.reason).toBe(
      "octo/pipeline-kit/v1/actions/refused/action.yml (Line: 2, Col: 14): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token\nFailed to load octo/pipeline-kit/v1/actions/refused/action.yml",
    )
    expect(existsSync(`${marker}-first-step`)).toBe(false)
    expect(existsSync(marker)).toBe(false)
  })

  it('fails a step that times out and a job that calls a reusable workflow missing from the workspace, with the reason', async () => {
    const result = await run(`
on: push
jobs:
  slow:
    runs-on: ubuntu-latest
    steps:
      - timeout-minutes: 0.02
        run: sleep 20
  call:
    uses: ./.github/workflows/other.yml
`)
    expect(result.jobs[0]!.reason).toMatch(/timed out after 1 s/)
    expect(result.jobs[1]!.reason).toMatch(
      /reusable workflow \.\/\.github\/workflows\/other\.yml, which is not in the workspace/,
    )
  })
})

void readFileSync
