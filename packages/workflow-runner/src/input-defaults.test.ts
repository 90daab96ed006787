import { describe, expect, it } from 'vitest'
import { contextsFromEnvironment, githubEnvironment } from './github-environment'
import { evaluateInputDefault } from './input-defaults'

describe('evaluateInputDefault (ActionManifestManager.EvaluateDefaultInput)', () => {
  const contexts = {
    github: { repository: 'octo/app', run_number: '7' },
    runner: { os: 'Linux' },
    strategy: { 'job-index': 1 },
    matrix: { node: 24 },
    job: { status: 'success' },
    env: { SECRET_DIR: '/tmp' },
    secrets: { TOKEN: 'x' },
    steps: {},
  }

  it('evaluates the text around and inside ${{ }} with the input-default contexts', () => {
    expect(
      evaluateInputDefault(
        "${{ runner.os }}-${{ matrix.node }}-${{ strategy.job-index }}/${{ format('{0}#{1}', github.repository, github.run_number) }} ${{ job.status }}",
        { contexts },
      ),
    ).toBe('Linux-24-1/octo/app#7 success')
    expect(evaluateInputDefault('plain', { contexts })).toBe('plain')
  })

  it.each(['env.SECRET_DIR', 'secrets.TOKEN', 'steps.x.outputs.y', 'inputs.x'])(
    'refuses %s, which the runner does not give input defaults',
    (expression) => {
      expect(() => evaluateInputDefault(`\${{ ${expression} }}`, { contexts })).toThrow(
        `Unrecognized named-value: '${expression.split('.')[0]}'`,
      )
    },
  )
})

describe('github context and GITHUB_* variables', () => {
  it('maps one to the other both ways', () => {
    const github = { repository: 'octo/app', run_id: '42', workspace: '/w', job: 'build', token: 't' }
    const env = githubEnvironment(github)
    expect(env).toEqual({
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '42',
      GITHUB_WORKSPACE: '/w',
      GITHUB_JOB: 'build',
    })
    const back = contextsFromEnvironment({ ...env, GITHUB_TOKEN: 't', RUNNER_OS: 'Linux' }, { a: 1 })
    expect(back.github).toMatchObject({ ...github, event: { a: 1 } })
    expect(back.runner.os).toBe('Linux')
  })
})
