import { describe, expect, it } from 'vitest'
import { evaluateToken } from './expressions'
import { loadWorkflow } from './load-workflow'
import { run } from './run-workflow.test-helper'

/** The evaluated `strategy` and `env` of a one-job workflow whose job mapping is `job`. */
async function evaluated(job: string) {
  const plan = await loadWorkflow(
    'w.yml',
    `on: push\njobs:\n  j:\n    runs-on: x\n${job}    steps:\n      - run: echo\n`,
  )
  const contexts = { github: {}, inputs: {}, vars: {}, needs: {}, secrets: {}, matrix: {}, strategy: {} }
  return {
    strategy: evaluateToken(plan.jobs[0]!.strategy, { contexts }),
    env: evaluateToken(plan.jobs[0]!.env, { contexts }),
  }
}

// TemplateReader / TemplateUnraveler of the runner's ObjectTemplating.
describe('value shapes of expressions in a workflow', () => {
  it('gives the value itself for a block scalar holding only one ${{ }}', async () => {
    const { strategy } = await evaluated(
      `    strategy:\n      matrix: >-\n        \${{ fromJSON('{"a":[1,2]}') }}\n`,
    )
    expect(strategy).toEqual({ matrix: { a: [1, 2] } })
  })

  it('keeps a block scalar with more than the expression a string', async () => {
    const { env } = await evaluated(`    env:\n      A: |\n        \${{ fromJSON('[1]')[0] }}\n`)
    expect(env).toEqual({ A: '1\n' })
  })

  it('gives an array for include written as one expression', async () => {
    const { strategy } = await evaluated(
      `    strategy:\n      matrix:\n        include: \${{ fromJSON('[{"a":1},{"a":2}]') }}\n`,
    )
    expect(strategy).toEqual({ matrix: { include: [{ a: 1 }, { a: 2 }] } })
  })

  it('flattens, one level, a sequence item that evaluates to a sequence', async () => {
    const { strategy } = await evaluated(
      `    strategy:\n      matrix:\n        a:\n          - 1\n          - \${{ fromJSON('[2,[3]]') }}\n          - '\${{ 4 }}'\n`,
    )
    expect(strategy).toEqual({ matrix: { a: [1, 2, [3], 4] } })
  })

  it('merges the mapping of ${{ insert }} in place', async () => {
    const { env } = await evaluated(
      `    env:\n      A: a\n      \${{ insert }}: \${{ fromJSON('{"B":"b","C":"c"}') }}\n      D: d\n`,
    )
    expect(env).toEqual({ A: 'a', B: 'b', C: 'c', D: 'd' })
  })

  it('refuses an insert that is not a mapping, and a key it defines twice', async () => {
    await expect(evaluated(`    env:\n      \${{ insert }}: \${{ fromJSON('[1]') }}\n`)).rejects.toThrow(
      'expected a mapping, found [1]',
    )
    await expect(
      evaluated(`    env:\n      A: a\n      \${{ insert }}: \${{ fromJSON('{"A":"b"}') }}\n`),
    ).rejects.toThrow("'A' is already defined")
  })

  it('runs a matrix from fromJSON in a block scalar and a step env with insert', async () => {
    const result = await run(`on: push
jobs:
  j:
    runs-on: x
    strategy:
      matrix: >-
        \${{ fromJSON('{"n":[1,2],"include":[{"n":2,"x":"y"}]}') }}
    steps:
      - id: s
        env:
          \${{ insert }}: \${{ fromJSON('{"FROM_INSERT":"yes"}') }}
        run: echo "v=\${{ matrix.n }}\${{ matrix.x }} $FROM_INSERT" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs.map((j) => j.steps[0]!.outputs.v)).toEqual(['1 yes', '2y yes'])
  })
})
