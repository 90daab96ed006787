import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { runWorkflow } from '@pipeline-kit/workflow-runner'
import { buildBusyboxImage, dockerRemove, needDocker } from '../services'
import { pushImage, registryAvailable, startTestRegistry } from '../deploy-swarm/registry'
import { removeTemporaryFolders, temporaryFolder, userRepository } from './user-repository'

const toolkitRoot = resolve(import.meta.dirname, '..', '..')
const jobImage = `pk-wfr-job:${process.pid}`
const webImage = `pk-wfr-web:${process.pid}`

/** Containers left from an image (the runner removes the job's containers at its end). */
const containersOf = (image: string) =>
  spawnSync('docker', ['ps', '-aq', '--filter', `ancestor=${image}`], { encoding: 'utf8' }).stdout.trim()

const run = (yaml: string, env?: Record<string, string>, secrets?: Record<string, string>) => {
  const repo = userRepository({
    '.github/workflows/ci.yml': yaml,
    'hello.txt': 'from the repository\n',
    'actions/pid-one/action.yml': `name: PID one
description: Says what runs as PID 1 where its run step runs
outputs:
  pid1:
    description: the command line of PID 1
    value: \${{ steps.read.outputs.pid1 }}
runs:
  using: composite
  steps:
    - id: read
      shell: sh
      run: echo "pid1=$(tr '\\0' ' ' < /proc/1/cmdline)" >> "$GITHUB_OUTPUT"
`,
  })
  return runWorkflow({
    workflow: repo.workflow,
    toolkitRoot,
    source: repo.root,
    workDir: temporaryFolder('pk-wfr-docker-run-'),
    env,
    secrets,
  })
}

// The service starts serving only after 2 s, so a step that did not wait for `healthy` fails.
const web = `
      web:
        image: ${webImage}
        ports: ['80']
        env:
          GREETING: hello-from-service
        options: >-
          --health-cmd "wget -q -O /dev/null http://127.0.0.1/"
          --health-interval 500ms --health-retries 20 --health-start-period 0s`

describe.runIf(needDocker())('container: jobs and services: in the local runner', () => {
  beforeAll(() => {
    // A label of its own, so `ancestor=` matches only containers of this suite (the busybox layers are shared).
    buildBusyboxImage(jobImage, { instructions: [`LABEL pk.suite=${jobImage}`] })
    buildBusyboxImage(webImage, {
      instructions: [
        `LABEL pk.suite=${webImage}`,
        'CMD ["sh", "-c", "sleep 2; mkdir -p /www; echo \\"$GREETING\\" > /www/index.html; exec httpd -f -p 80 -h /www"]',
      ],
    })
  })
  afterAll(() => {
    dockerRemove('image', [jobImage, webImage])
    removeTemporaryFolders()
  })

  it('runs run steps in the job container, with the workspace mounted, and reaches a service by its hostname once healthy', async () => {
    const result = await run(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: ${jobImage}
      env:
        IN_CONTAINER: yes
    services:${web}
    steps:
      - uses: actions/checkout@v5
      - id: inside
        run: |
          echo "page=$(wget -q -O- http://web/)" >> "$GITHUB_OUTPUT"
          echo "where=$PWD $GITHUB_WORKSPACE $HOME $IN_CONTAINER $(cat hello.txt)" >> "$GITHUB_OUTPUT"
          echo "shell=$0" >> "$GITHUB_OUTPUT"
          echo "FROM_CONTAINER=set" >> "$GITHUB_ENV"
          test -S /var/run/docker.sock
          echo made-in-container > made.txt
          mkdir sub
      - id: sub
        working-directory: sub
        run: echo "pwd=$PWD" >> "$GITHUB_OUTPUT"
      - id: composite
        uses: ./actions/pid-one
      - id: next
        run: echo "env=$FROM_CONTAINER $(cat made.txt) \${{ job.services.web.network != '' }}" >> "$GITHUB_OUTPUT"
      - id: action
        uses: docker://${jobImage}
        with:
          entrypoint: /bin/sh
          args: -c "echo \\"page=$(wget -q -O- http://web/)\\" >> $GITHUB_OUTPUT"
`)
    const job = result.jobs[0]!
    expect(job.reason).toBeUndefined()
    expect(job.result).toBe('success')
    const inside = job.steps.find((s) => s.id === 'inside')!.outputs
    expect(inside.page).toBe('hello-from-service')
    expect(inside.where).toBe('/__w/app/app /__w/app/app /github/home yes from the repository')
    expect(inside.shell).toMatch(/\/__w\/_temp\/_runner_file_commands\/.*script\.sh$/)
    expect(job.steps.find((s) => s.id === 'next')!.outputs.env).toBe('set made-in-container true')
    expect(job.steps.find((s) => s.id === 'sub')!.outputs).toEqual({ pwd: '/__w/app/app/sub' })
    // A composite's run steps run in the job container too (its PID 1 is the runner's tail -f /dev/null).
    expect(job.steps.find((s) => s.id === 'composite')!.outputs).toEqual({ pid1: 'tail -f /dev/null ' })
    // A container action of a container job joins the job's network, as the runner runs it.
    expect(job.steps.find((s) => s.id === 'action')!.outputs).toEqual({ page: 'hello-from-service' })
    expect(containersOf(jobImage)).toBe('')
    expect(containersOf(webImage)).toBe('')
  })

  it('maps service ports to the host for a job without a container (job.services.<id>.ports)', async () => {
    const result = await run(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:${web}
    steps:
      - id: host
        run: echo "page=$(/bin/busybox wget -q -O- http://127.0.0.1:\${{ job.services.web.ports['80'] }}/)" >> "$GITHUB_OUTPUT"
`)
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(result.jobs[0]!.steps[0]!.outputs.page).toBe('hello-from-service')
    expect(containersOf(webImage)).toBe('')
  })

  it('fails the job on an unhealthy service and on a failing step, removing its containers either way', async () => {
    const unhealthy = await run(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: ${jobImage}
    services:
      db:
        image: ${webImage}
        options: --health-cmd false --health-interval 200ms --health-retries 1
    steps:
      - run: echo never
`)
    expect(unhealthy.jobs[0]!.result).toBe('failure')
    expect(unhealthy.jobs[0]!.reason).toMatch(/service db is unhealthy/)
    expect(unhealthy.jobs[0]!.steps).toEqual([])
    const failing = await run(`on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: ${jobImage}
    steps:
      - run: exit 3
`)
    expect(failing.jobs[0]!.result).toBe('failure')
    expect(failing.jobs[0]!.steps[0]!.detail).toMatch(/exit code 3/)
    expect(containersOf(jobImage)).toBe('')
    expect(containersOf(webImage)).toBe('')
  })

  it('fails a container job clearly when the Docker engine does not answer', async () => {
    const result = await run(
      `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container: ${jobImage}
    steps:
      - run: echo never
`,
      { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    )
    expect(result.jobs[0]!.result).toBe('failure')
    expect(result.jobs[0]!.reason).toMatch(
      /jobs\.test \(container: \/ services:\) needs Docker, and the Docker engine does not answer/,
    )
  })

  it('pulls a service and the job container from a registry with credentials (htpasswd), and fails on a wrong password', async () => {
    expect(registryAvailable()).toBe(true)
    const registry = await startTestRegistry()
    let remoteWeb = ''
    let remoteJob = ''
    try {
      remoteWeb = `${registry.server}/pk-wfr-web:${process.pid}`
      remoteJob = `${registry.server}/pk-wfr-job:${process.pid}`
      pushImage(registry, webImage, remoteWeb)
      pushImage(registry, jobImage, remoteJob)
      const yaml = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: ${remoteJob}
      credentials:
        username: ${registry.username}
        password: \${{ secrets.REGISTRY_PASSWORD }}
    services:
      web:
        image: ${remoteWeb}
        env:
          GREETING: pulled-with-credentials
        credentials:
          username: ${registry.username}
          password: \${{ secrets.REGISTRY_PASSWORD }}
    steps:
      - id: page
        run: |
          until wget -q -O- http://web/ > page.txt; do sleep 0.2; done
          echo "page=$(cat page.txt)" >> "$GITHUB_OUTPUT"
`
      const pulled = await run(yaml, undefined, { REGISTRY_PASSWORD: registry.password })
      expect(pulled.jobs[0]!.reason).toBeUndefined()
      expect(pulled.jobs[0]!.steps[0]!.outputs.page).toBe('pulled-with-credentials')
      const refused = await run(yaml, undefined, { REGISTRY_PASSWORD: 'not-the-password' })
      expect(refused.jobs[0]!.result).toBe('failure')
      expect(refused.jobs[0]!.reason).toMatch(
        new RegExp(`docker login to ${registry.server} as ${registry.username} failed`),
      )
      expect(refused.jobs[0]!.reason).not.toContain('not-the-password')
    } finally {
      dockerRemove('image', [remoteWeb, remoteJob].filter(Boolean))
      registry.stop()
    }
  })
})
