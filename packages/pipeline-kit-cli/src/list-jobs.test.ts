import { expect, it } from 'vitest'
import { loadWorkflow, selectJobs } from '@pipeline-kit/workflow-runner'
import { renderJobList } from './list-jobs'

const workflow = `name: CI
on: push
jobs:
  deploy:
    needs: [test, lint]
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  test:
    name: Unit tests
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  build:
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  lint:
    name: Lint \${{ github.ref }}
    runs-on: ubuntu-latest
    steps: [{ run: "true" }]
  release:
    needs: deploy
    uses: ./.github/workflows/release.yml
`

it('lists the jobs in the order they run, with names, needs and called workflows', async () => {
  expect(renderJobList(await loadWorkflow('ci.yml', workflow))).toBe(
    [
      'CI: 5 jobs, in the order they run',
      '1. build',
      '2. test     "Unit tests"  needs build',
      '3. lint',
      '4. deploy   needs test, lint',
      '5. release  needs deploy  uses ./.github/workflows/release.yml',
      '',
    ].join('\n'),
  )
})

it('lists what --job selects', async () => {
  expect(renderJobList(selectJobs(await loadWorkflow('ci.yml', workflow), ['test']))).toBe(
    ['CI: 2 jobs, in the order they run', '1. build', '2. test   "Unit tests"  needs build', ''].join('\n'),
  )
})
