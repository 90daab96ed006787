import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  runWorkflow,
  type JobResult,
  type Reporter,
  type RunWorkflowOptions,
  type WorkflowResult,
} from '@pipeline-kit/workflow-runner'
import { repoRoot } from '../harness/paths'

// Conformance workflows for parallel jobs, strategy.max-parallel, fail-fast and job-level
// continue-on-error, asserting what GitHub gives. Jobs prove they overlap through files in
// $MARK: one writes a file, another waits for it with a bounded poll (never a fixed sleep).
const waitFor = [
  'wait_for() {',
  '  for _ in $(seq 400); do [ -e "$MARK/$1" ] && return 0; sleep 0.05; done',
  '  echo "gave up waiting for $1"; return 1',
  '}',
].join('\n')

async function runParallel(
  yaml: string,
  options: Partial<RunWorkflowOptions> = {},
): Promise<{ result: WorkflowResult; mark: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-parallel-'))
  const source = join(dir, 'source')
  const mark = join(dir, 'mark')
  mkdirSync(source)
  mkdirSync(mark)
  const workflow = join(dir, 'workflow.yml')
  writeFileSync(workflow, yaml)
  // Every bash step sources BASH_ENV, so each script can call wait_for NAME.
  writeFileSync(join(dir, 'wait-for.sh'), `${waitFor}\n`)
  const result = await runWorkflow({
    workflow,
    toolkitRoot: repoRoot,
    source,
    env: { MARK: mark, BASH_ENV: join(dir, 'wait-for.sh') },
    ...options,
  })
  return { result, mark }
}

const byName = (result: WorkflowResult): Record<string, JobResult> =>
  Object.fromEntries(result.jobs.map((job) => [job.name, job]))

describe('parallel jobs', () => {
  it('runs independent jobs at the same time, and a job as soon as what it needs has finished', async () => {
    const { result } = await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: touch "$MARK/a"; wait_for b
  b:
    runs-on: ubuntu-latest
    steps:
      - run: touch "$MARK/b"; wait_for a
  slow:
    runs-on: ubuntu-latest
    steps:
      - run: wait_for after-quick
  quick:
    runs-on: ubuntu-latest
    steps:
      - run: "true"
  after-quick:
    needs: quick
    runs-on: ubuntu-latest
    steps:
      - run: touch "$MARK/after-quick"
`,
      { parallelJobs: 3 },
    )
    expect(result.jobs.map((j) => [j.id, j.result, j.reason])).toEqual([
      ['a', 'success', undefined],
      ['b', 'success', undefined],
      ['slow', 'success', undefined],
      ['quick', 'success', undefined],
      ['after-quick', 'success', undefined],
    ])
    expect(result.success).toBe(true)
  })

  it('runs at most strategy.max-parallel combinations of a matrix at a time', async () => {
    // Each combination waits for a partner to be running, then records how many ran at once.
    const { result, mark } = await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      max-parallel: 2
      matrix:
        n: [1, 2, 3, 4]
    steps:
      - run: |
          touch "$MARK/running-\${{ matrix.n }}"
          # One count, recorded as read: a partner that is finishing may be gone a moment later.
          for _ in $(seq 400); do count=$(ls "$MARK" | grep -c running-); [ "$count" -ge 2 ] && break; sleep 0.05; done
          echo "$count" > "$MARK/seen-\${{ matrix.n }}"
          touch "$MARK/done-\${{ matrix.n }}"
          # The partner counts this one before it goes.
          for _ in $(seq 400); do [ "$(ls "$MARK" | grep -c done-)" -ge $(( (\${{ matrix.n }} + 1) / 2 * 2 )) ] && break; sleep 0.05; done
          rm "$MARK/running-\${{ matrix.n }}"
`,
      { parallelJobs: 4 },
    )
    expect(result.jobs.map((j) => [j.name, j.result])).toEqual([
      ['test (1)', 'success'],
      ['test (2)', 'success'],
      ['test (3)', 'success'],
      ['test (4)', 'success'],
    ])
    const seen = [1, 2, 3, 4].map((n) => Number(readFileSync(join(mark, `seen-${n}`), 'utf8')))
    expect(seen).toEqual([2, 2, 2, 2])
  })

  it('fail-fast cancels the in-progress and queued combinations; cancelled() steps run in them', async () => {
    const { result, mark } = await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2, 3]
    steps:
      - id: work
        run: |
          if [ "\${{ matrix.n }}" = 1 ]; then wait_for started-2; exit 1; fi
          touch "$MARK/started-\${{ matrix.n }}"
          wait_for never
      - run: echo not reached
      - if: cancelled()
        run: echo "\${{ job.status }} \${{ steps.work.outcome }}" > "$MARK/cancelled-\${{ matrix.n }}"
      - if: always()
        run: "true"
  report:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.test.result }}" > "$MARK/needs-result"
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: "true"
`,
      { parallelJobs: 2 },
    )
    const jobs = byName(result)
    expect(Object.values(jobs).map((j) => [j.name, j.result])).toEqual([
      ['test (1)', 'failure'],
      ['test (2)', 'cancelled'],
      ['test (3)', 'cancelled'],
      ['report', 'success'],
      ['deploy', 'skipped'],
    ])
    expect(jobs['test (1)']!.steps.map((s) => s.conclusion)).toEqual([
      'failure',
      'skipped',
      'skipped',
      'success',
    ])
    expect(jobs['test (2)']!.steps.map((s) => [s.outcome, s.conclusion])).toEqual([
      ['cancelled', 'cancelled'],
      ['skipped', 'skipped'],
      ['success', 'success'],
      ['success', 'success'],
    ])
    expect(jobs['test (2)']!.reason).toBe(
      'the job was cancelled because test (1) failed (strategy.fail-fast)',
    )
    expect(jobs['test (3)']!.steps).toEqual([])
    expect(readFileSync(join(mark, 'cancelled-2'), 'utf8')).toBe('cancelled cancelled\n')
    expect(existsSync(join(mark, 'started-3'))).toBe(false)
    expect(readFileSync(join(mark, 'needs-result'), 'utf8')).toBe('failure\n')
    expect(result.success).toBe(false)
    expect(result.failure?.job).toBe('test (1)')
  })

  it('fail-fast: false lets the other combinations finish', async () => {
    const { result } = await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        n: [1, 2]
    steps:
      - run: |
          if [ "\${{ matrix.n }}" = 1 ]; then wait_for started-2; touch "$MARK/failed-1"; exit 1; fi
          touch "$MARK/started-2"
          wait_for failed-1
`,
      { parallelJobs: 2 },
    )
    expect(result.jobs.map((j) => [j.name, j.result])).toEqual([
      ['test (1)', 'failure'],
      ['test (2)', 'success'],
    ])
  })

  it('a combination failing with continue-on-error neither cancels the others nor fails the workflow', async () => {
    const { result, mark } = await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  test:
    runs-on: ubuntu-latest
    continue-on-error: \${{ matrix.experimental }}
    strategy:
      matrix:
        version: [20, 22]
        experimental: [false]
        include:
          - version: 23
            experimental: true
    steps:
      - run: |
          if [ "\${{ matrix.experimental }}" = true ]; then wait_for started-22; touch "$MARK/failed-23"; exit 1; fi
          touch "$MARK/started-\${{ matrix.version }}"
          [ "\${{ matrix.version }}" = 22 ] && wait_for failed-23
          true
  after:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.test.result }}" > "$MARK/needs-result"
`,
      { parallelJobs: 3 },
    )
    expect(result.jobs.map((j) => [j.name, j.result])).toEqual([
      ['test (20, false)', 'success'],
      ['test (22, false)', 'success'],
      ['test (23, true)', 'success'],
      ['after', 'success'],
    ])
    expect(byName(result)['test (23, true)']!.steps[0]!.conclusion).toBe('failure')
    expect(readFileSync(join(mark, 'needs-result'), 'utf8')).toBe('success\n')
    expect(result.success).toBe(true)
  })

  it("keeps each job's lines together: the first job live, the others as a block when it ends", async () => {
    const lines: string[] = []
    const reporter: Reporter = {
      jobStarted: (job) => lines.push(`start ${job.name}`),
      stepStarted: (job, step) => lines.push(`${job.name}: ${step.name}`),
      stepOutput: (line, job) => lines.push(`${job?.name}| ${line}`),
      stepFinished: (job, step) => lines.push(`${job.name}: ${step.outcome}`),
      jobFinished: (job) => lines.push(`end ${job.name}`),
    }
    await runParallel(
      `on: push
defaults: { run: { shell: bash } }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - name: first of a
        run: touch "$MARK/a-1"; wait_for b-1; echo from a
      - name: second of a
        run: touch "$MARK/a-2"; wait_for b-2
  b:
    runs-on: ubuntu-latest
    steps:
      - name: first of b
        run: touch "$MARK/b-1"; wait_for a-1; echo from b
      - name: second of b
        run: touch "$MARK/b-2"; wait_for a-2
`,
      { parallelJobs: 2, reporter },
    )
    expect(lines).toEqual([
      'start a',
      'a: first of a',
      'a| from a',
      'a: success',
      'a: second of a',
      'a: success',
      'end a',
      'start b',
      'b: first of b',
      'b| from b',
      'b: success',
      'b: second of b',
      'b: success',
      'end b',
    ])
  })
})
