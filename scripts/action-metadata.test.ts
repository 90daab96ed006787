import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  checkActionManifest,
  marketplaceProblems,
  metadataSyntaxProblems,
} from '@pipeline-kit/action-manifest'
import { listActionDirs } from './list-actions'

interface Entry {
  description?: unknown
  required?: unknown
  default?: unknown
}

const text = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0

/** This repository's conventions for an action.yml, beyond GitHub's rules; one message per gap. */
function conventionProblems(meta: Record<string, any>): string[] {
  const problems: string[] = []
  if (!text(meta.name)) problems.push('name is missing')
  else if (!/^[A-Z]/.test(meta.name)) problems.push(`name '${meta.name}' is not Title-case`)
  if (!text(meta.description)) problems.push('description is missing')
  if (meta.author !== 'pipeline-kit')
    problems.push(`author is '${meta.author ?? ''}', expected 'pipeline-kit'`)
  for (const [kind, entries] of [
    ['input', meta.inputs ?? {}],
    ['output', meta.outputs ?? {}],
  ] as const) {
    for (const [name, entry] of Object.entries(entries as Record<string, Entry | null>)) {
      if (!text(entry?.description)) problems.push(`${kind} '${name}' has no description`)
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) problems.push(`${kind} '${name}' is not kebab-case`)
    }
  }
  if (meta.runs?.using !== 'node24')
    problems.push(`runs.using is '${meta.runs?.using ?? ''}', expected node24`)
  if (meta.runs?.main !== 'dist/index.js')
    problems.push(`runs.main is '${meta.runs?.main ?? ''}', expected dist/index.js`)
  return problems
}

describe('every action.yml loads on GitHub’s runner and lists on the Marketplace', () => {
  const actions = listActionDirs().map((dir) => {
    const file = `actions/${basename(dir)}/action.yml`
    return { file, text: readFileSync(join(dir, 'action.yml'), 'utf8') }
  })

  it('finds the actions', () => {
    expect(actions.map((a) => a.file)).toContain('actions/smoke-test/action.yml')
  })

  for (const { file, text } of actions) {
    it(`${file}: the runner's action schema and runs rules`, () => {
      expect(checkActionManifest(text, file).errors).toEqual([])
    })

    it(`${file}: the documented metadata syntax and this repository's conventions`, () => {
      expect(metadataSyntaxProblems(text, file)).toEqual([])
      expect(conventionProblems(parse(text) as Record<string, any>)).toEqual([])
    })
  }

  it('the Marketplace rules: descriptions under 125 characters, unique names, valid branding', () => {
    const listed = actions.map(({ file, text }) => ({
      file,
      manifest: parse(text) as Record<string, unknown>,
    }))
    expect(marketplaceProblems(listed)).toEqual([])
  })

  it('reports every gap of an action.yml against the conventions', () => {
    expect(
      conventionProblems({
        name: 'lower',
        author: 'someone',
        inputs: { Token: { required: true }, ok: { description: 'fine' } },
        outputs: { result: {} },
        runs: { using: 'node20', main: 'index.js' },
      }),
    ).toEqual([
      "name 'lower' is not Title-case",
      'description is missing',
      "author is 'someone', expected 'pipeline-kit'",
      "input 'Token' has no description",
      "input 'Token' is not kebab-case",
      "output 'result' has no description",
      "runs.using is 'node20', expected node24",
      "runs.main is 'index.js', expected dist/index.js",
    ])
  })
})
