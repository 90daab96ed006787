import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runWorkflow } from '@pipeline-kit/workflow-runner'
import { buildBusyboxImage, dockerRemove, needDocker } from '../services'
import {
  addBusybox,
  busyboxBase,
  jobWorkspace,
  removeTemporaryFolders,
  temporaryFolder,
  userRepository,
} from './user-repository'

const toolkitRoot = resolve(import.meta.dirname, '..', '..')
const stepImage = `pk-wfr-docker-step:${process.pid}`

describe.runIf(needDocker())('Docker container actions in the local runner', () => {
  afterAll(() => {
    dockerRemove('image', [stepImage])
    removeTemporaryFolders()
  })

  it('builds ./actions/hello-docker from its Dockerfile and runs it with the runner mounts, env, args and post-entrypoint', async () => {
    const repo = userRepository({
      'actions/hello-docker/action.yml': `name: Hello Docker
description: Greets from a container
inputs:
  who:
    description: whom to greet
    required: true
  punctuation:
    description: the end of the greeting
    default: "!"
outputs:
  greeting:
    description: the greeting
runs:
  using: docker
  image: Dockerfile
  args:
    - \${{ inputs.who }}\${{ inputs.punctuation }}
    - second arg
  env:
    ACTION_ENV: from-\${{ inputs.who }}
  post-entrypoint: /post.sh
`,
      'actions/hello-docker/Dockerfile': [
        ...busyboxBase,
        'COPY entrypoint.sh /entrypoint.sh',
        'COPY post.sh /post.sh',
        'ENTRYPOINT ["/entrypoint.sh"]',
        '',
      ].join('\n'),
      'actions/hello-docker/entrypoint.sh': `#!/bin/sh
set -e
echo "greeting=Hello $1" >> "$GITHUB_OUTPUT"
echo "argc=$#" >> "$GITHUB_OUTPUT"
echo "second=$2" >> "$GITHUB_OUTPUT"
echo "FROM_DOCKER=set-by-$INPUT_WHO" >> "$GITHUB_ENV"
echo "## summary from the container" >> "$GITHUB_STEP_SUMMARY"
echo "pwd=$(pwd) home=$HOME ws=$GITHUB_WORKSPACE event=$GITHUB_EVENT_PATH ci=$CI output=$GITHUB_OUTPUT action_env=$ACTION_ENV job_env=$JOB_ENV step_env=$STEP_ENV" > /github/workspace/written-in-container.txt
test -S /var/run/docker.sock
test -f "$GITHUB_EVENT_PATH"
test -d /github/home
echo "saved=main" >> "$GITHUB_STATE"
`,
      'actions/hello-docker/post.sh': `#!/bin/sh
echo "post ran with $STATE_saved and $INPUT_WHO" > /github/workspace/post-ran.txt
`,
      '.github/workflows/ci.yml': `on: push
jobs:
  greet:
    runs-on: ubuntu-latest
    env:
      JOB_ENV: job
    steps:
      - uses: actions/checkout@v5
      - id: hello
        uses: ./actions/hello-docker
        env:
          STEP_ENV: step
        with:
          who: Mona
      - id: after
        run: |
          echo "env=$FROM_DOCKER" >> "$GITHUB_OUTPUT"
          echo "file=$(cat written-in-container.txt)" >> "$GITHUB_OUTPUT"
          test ! -e post-ran.txt
`,
    })
    addBusybox(join(repo.root, 'actions', 'hello-docker'))
    const workDir = temporaryFolder('pk-wfr-docker-run-')
    const result = await runWorkflow({ workflow: repo.workflow, toolkitRoot, source: repo.root, workDir })
    const job = result.jobs[0]!
    expect(job.reason).toBeUndefined()
    expect(job.result).toBe('success')
    const hello = job.steps.find((s) => s.id === 'hello')!
    expect(hello.outputs).toEqual({ greeting: 'Hello Mona!', argc: '2', second: 'second arg' })
    const after = job.steps.find((s) => s.id === 'after')!
    expect(after.outputs.env).toBe('set-by-Mona')
    expect(after.outputs.file).toBe(
      'pwd=/github/workspace home=/github/home ws=/github/workspace event=/github/workflow/event.json ci=true output=/github/file_commands/output action_env=from-Mona job_env=job step_env=step',
    )
    expect(job.steps.map((s) => s.name).at(-1)).toBe('Post ./actions/hello-docker')
    expect(job.steps.at(-1)!.conclusion).toBe('success')
    expect(readFileSync(join(jobWorkspace(workDir, 1, 'greet'), 'post-ran.txt'), 'utf8')).toBe(
      'post ran with main and Mona\n',
    )
    expect(result.summaries.map((s) => s.markdown.trim())).toContain('## summary from the container')
  })

  it("runs a repository container action's pre-entrypoint in Set up job, its state reaching main (actionMap)", async () => {
    const repo = userRepository({
      'remote/action.yml': `name: Remote Docker
description: Has a pre-entrypoint
runs:
  using: docker
  image: Dockerfile
  pre-entrypoint: /pre.sh
  entrypoint: /main.sh
`,
      'remote/Dockerfile': [...busyboxBase, 'COPY pre.sh main.sh /', ''].join('\n'),
      'remote/pre.sh': `#!/bin/sh
echo "phase=from-pre" >> "$GITHUB_STATE"
echo pre > /github/workspace/pre.txt
`,
      'remote/main.sh': `#!/bin/sh
echo "state=$STATE_phase pre=$(cat pre.txt)" >> "$GITHUB_OUTPUT"
`,
      '.github/workflows/ci.yml': `on: push
jobs:
  pre:
    runs-on: ubuntu-latest
    steps:
      - run: test -f pre.txt
      - id: remote
        uses: octo/remote-docker@v1
`,
    })
    addBusybox(join(repo.root, 'remote'))
    const result = await runWorkflow({
      workflow: repo.workflow,
      toolkitRoot,
      source: repo.root,
      workDir: temporaryFolder('pk-wfr-docker-run-'),
      actionMap: { 'octo/remote-docker@v1': join(repo.root, 'remote') },
    })
    const job = result.jobs[0]!
    expect(job.reason).toBeUndefined()
    expect(job.steps.map((s) => s.name)).toEqual([
      'Pre octo/remote-docker@v1',
      'Run test -f pre.txt',
      'octo/remote-docker@v1',
    ])
    expect(job.steps[2]!.outputs).toEqual({ state: 'from-pre pre=pre' })
  })

  it('runs a docker://image step with with: entrypoint and args, and fails a step whose container fails', async () => {
    buildBusyboxImage(stepImage)
    const repo = userRepository({
      '.github/workflows/ci.yml': `on: push
jobs:
  step:
    runs-on: ubuntu-latest
    steps:
      - id: echo
        uses: docker://${stepImage}
        with:
          entrypoint: /bin/sh
          args: -c "echo \\"out=$INPUT_WORD in $PWD\\" >> $GITHUB_OUTPUT"
          word: busy
      - id: fails
        uses: docker://${stepImage}
        with:
          entrypoint: /bin/false
      - if: always()
        run: echo "never-skipped=yes" >> "$GITHUB_OUTPUT"
`,
    })
    const result = await runWorkflow({
      workflow: repo.workflow,
      toolkitRoot,
      source: repo.root,
      workDir: temporaryFolder('pk-wfr-docker-run-'),
    })
    const job = result.jobs[0]!
    expect(job.steps.map((s) => [s.id, s.conclusion])).toEqual([
      ['echo', 'success'],
      ['fails', 'failure'],
      [expect.any(String), 'success'],
    ])
    expect(job.steps[0]!.outputs).toEqual({ out: 'busy in /github/workspace' })
    expect(job.steps[1]!.detail).toMatch(/exit code 1/)
    expect(job.result).toBe('failure')
  })

  it('fails the step clearly when the Docker engine does not answer', async () => {
    const repo = userRepository({
      '.github/workflows/ci.yml': `on: push
jobs:
  step:
    runs-on: ubuntu-latest
    steps:
      - uses: docker://${stepImage}
`,
    })
    const result = await runWorkflow({
      workflow: repo.workflow,
      toolkitRoot,
      source: repo.root,
      workDir: temporaryFolder('pk-wfr-docker-run-'),
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    })
    expect(result.jobs[0]!.result).toBe('failure')
    expect(result.jobs[0]!.steps[0]!.detail).toMatch(/needs Docker, and the Docker engine does not answer/)
    expect(existsSync(repo.root)).toBe(true)
  })
})
