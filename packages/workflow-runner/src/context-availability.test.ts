import { describe, expect, it } from 'vitest'
import { loadWorkflow } from './load-workflow'
import { run } from './run-workflow.test-helper'

/** A one-job workflow with `job` spliced into the job's mapping (two-space indented YAML). */
const workflow = (job: string, top = '') => `on: push\n${top}jobs:\n  j:\n    runs-on: ubuntu-latest\n${job}`

// GitHub's "Context availability" table, as @actions/workflow-parser's schema carries it:
// a context used where it is not available is refused when the workflow is read.
describe('contexts refused where GitHub does not make them available', () => {
  it.each([
    [
      'secrets in a step if',
      "    steps:\n      - if: secrets.A != ''\n        run: echo\n",
      '',
      "named-value: 'secrets'",
    ],
    [
      'secrets in a job if',
      "    if: secrets.A != ''\n    steps:\n      - run: echo\n",
      '',
      "named-value: 'secrets'",
    ],
    [
      'env in a job env',
      '    env:\n      A: ${{ env.B }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'env'",
    ],
    [
      'steps in a job env',
      '    env:\n      A: ${{ steps.s.outputs.x }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'steps'",
    ],
    [
      'runner in a job env',
      '    env:\n      A: ${{ runner.os }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'runner'",
    ],
    [
      'hashFiles outside steps',
      "    env:\n      A: ${{ hashFiles('x') }}\n    steps:\n      - run: echo\n",
      '',
      "function: 'hashFiles'",
    ],
    [
      'env in the workflow env',
      '    steps:\n      - run: echo\n',
      'env:\n  A: ${{ env.B }}\n',
      "named-value: 'env'",
    ],
    [
      'env in the workflow defaults.run',
      '    steps:\n      - run: echo\n',
      'defaults:\n  run:\n    shell: ${{ env.SHELL }}\n',
      "named-value: 'env'",
    ],
    [
      'steps in the job defaults.run',
      '    defaults:\n      run:\n        shell: ${{ steps.s.outputs.x }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'steps'",
    ],
    [
      'matrix in strategy',
      '    strategy:\n      fail-fast: ${{ matrix.x }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'matrix'",
    ],
    [
      'hashFiles in job outputs',
      "    outputs:\n      a: ${{ hashFiles('x') }}\n    steps:\n      - run: echo\n",
      '',
      "function: 'hashFiles'",
    ],
    [
      'status functions in a step env',
      '    steps:\n      - env:\n          A: ${{ success() }}\n        run: echo\n',
      '',
      "function: 'success'",
    ],
    [
      'env in runs-on',
      '    runs-on: ${{ env.OS }}\n    steps:\n      - run: echo\n',
      '',
      "named-value: 'env'",
    ],
  ])('%s', async (_what, job, top, message) => {
    const text = workflow(job, top).replace('    runs-on: ubuntu-latest\n    runs-on:', '    runs-on:')
    await expect(loadWorkflow('w.yml', text)).rejects.toThrow(`Unrecognized ${message}`)
  })

  it.each([
    [
      'matrix and needs in runs-on',
      '    needs: a\n    strategy:\n      matrix:\n        os: [x]\n    runs-on: ${{ matrix.os }}-${{ needs.a.outputs.b }}\n',
    ],
    [
      'env, matrix and needs in the job defaults.run',
      '    needs: a\n    defaults:\n      run:\n        shell: ${{ env.S }}${{ matrix.x }}${{ needs.a.result }}\n',
    ],
    [
      'secrets in a step env and with',
      '    steps:\n      - uses: ./x\n        env:\n          A: ${{ secrets.A }}\n        with:\n          a: ${{ secrets.A }}\n',
    ],
    [
      'job, runner, steps and hashFiles in a step if',
      "    steps:\n      - if: job.status == 'success' && runner.os == 'Linux' && steps.a.outcome != '' && hashFiles('x') == ''\n        run: echo\n",
    ],
    [
      'inputs and vars in every job key',
      '    if: inputs.a != vars.b\n    env:\n      A: ${{ inputs.a }}${{ vars.b }}\n    timeout-minutes: ${{ fromJSON(vars.t) }}\n',
    ],
  ])('accepts %s', async (_what, job) => {
    const text = `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n  j:\n${job.includes('runs-on') ? '' : '    runs-on: x\n'}${job}${job.includes('steps') ? '' : '    steps:\n      - run: echo\n'}`
    await expect(loadWorkflow('w.yml', text)).resolves.toBeDefined()
  })
})

describe('contexts at run time, as the runner builds them', () => {
  it("gives a step's if, name, with and run its own env (StepsRunner evaluates env first)", async () => {
    const result = await run(
      workflow(`    env:
      JOB: job
    steps:
      - id: s
        name: step \${{ env.OWN }} \${{ env.JOB }}
        env:
          OWN: own
        if: env.OWN == 'own'
        run: echo "seen=\${{ env.OWN }}-\${{ env.JOB }}" >> "$GITHUB_OUTPUT"
`),
    )
    const step = result.jobs[0]!.steps[0]!
    expect(step.conclusion).toBe('success')
    expect(step.name).toBe('step own job')
    expect(step.outputs).toEqual({ seen: 'own-job' })
  })

  it('fails the step, even one its if would skip, when its env cannot be evaluated', async () => {
    const result = await run(
      workflow(`    steps:
      - env:
          A: \${{ fromJSON('{') }}
        if: false
        run: echo never
`),
    )
    const step = result.jobs[0]!.steps[0]!
    expect(step.outcome).toBe('failure')
    expect(step.detail).toMatch(/^env: cannot evaluate/)
  })

  it('gives the job defaults.run the workflow and job env', async () => {
    const result = await run(
      workflow(
        `    env:
      DIR: sub
    defaults:
      run:
        shell: \${{ env.SHELL_NAME }}
        working-directory: \${{ env.DIR }}
    steps:
      - run: mkdir sub
        working-directory: .
      - id: w
        run: echo "dir=$(basename "$PWD") \${BASH_VERSION:+bash}" >> "$GITHUB_OUTPUT"
`,
        'env:\n  SHELL_NAME: bash\n',
      ),
    )
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(result.jobs[0]!.steps[1]!.outputs.dir).toBe('sub bash')
  })

  it('evaluates runs-on with matrix and needs, failing the job as GitHub does when it cannot', async () => {
    const result = await run(`on: push
jobs:
  a:
    runs-on: x
    outputs:
      labels: \${{ steps.l.outputs.labels }}
    steps:
      - id: l
        run: echo 'labels=["self-hosted"]' >> "$GITHUB_OUTPUT"
  good:
    needs: a
    strategy:
      matrix:
        os: [linux]
    runs-on: \${{ fromJSON(needs.a.outputs.labels)[0] }}-\${{ matrix.os }}
    steps:
      - run: echo ok
  bad:
    needs: a
    runs-on: \${{ fromJSON(needs.a.outputs.missing) }}
    steps:
      - run: echo never
`)
    const byId = Object.fromEntries(result.jobs.map((j) => [j.id, j]))
    expect(byId.good!.result).toBe('success')
    expect(byId.bad!.result).toBe('failure')
    expect(byId.bad!.steps).toEqual([])
    expect(byId.bad!.reason).toMatch(/^Error when evaluating 'runs-on' for job 'bad'\. cannot evaluate/)
  })
})
