import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionSchema } from './runner-schema'

/** @actions/workflow-parser's copy of the runner's schema (GitHub's language services). */
const published = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      '..',
      'node_modules',
      '@actions',
      'workflow-parser',
      'dist',
      'action-v1.0.min.json',
    ),
    'utf8',
  ),
) as { definitions: Record<string, Record<string, unknown>> }

/** A definition without its editor descriptions, properties as name → type. */
function shape(definition: Record<string, unknown>): unknown {
  const { description: _description, ...rest } = definition
  const mapping = rest.mapping as { properties?: Record<string, unknown> } | undefined
  if (!mapping?.properties) return rest
  const properties = Object.fromEntries(
    Object.entries(mapping.properties).map(([name, p]) => {
      if (typeof p === 'string') return [name, p]
      const { type, required } = p as { type: string; required?: boolean }
      return [name, required ? { type, required } : type]
    }),
  )
  return { ...rest, mapping: { ...mapping, properties } }
}

describe('the runner action schema', () => {
  // The runner calls the node definition node12-runs; the language services call it node-runs.
  const rename = (name: string) => (name === 'node12-runs' ? 'node-runs' : name)

  it('gives every value the contexts GitHub publishes for it', () => {
    for (const [name, definition] of Object.entries(actionSchema)) {
      const theirs = published.definitions[rename(name)]
      if (!theirs) continue // the built-in types (string, any …)
      const ours = JSON.parse(JSON.stringify(definition).replace('"node12-runs"', '"node-runs"')) as Record<
        string,
        unknown
      >
      const sortOneOf = (d: unknown) => {
        const copy = d as { 'one-of'?: string[] }
        return copy['one-of'] ? { ...copy, 'one-of': [...copy['one-of']].sort() } : copy
      }
      expect(sortOneOf(shape(ours)), name).toEqual(sortOneOf(JSON.parse(JSON.stringify(shape(theirs)))))
    }
  })

  it('covers every definition of the published non-strict schema', () => {
    const editorOnly = /-strict$|^branding|^using$|^runs-if$/
    const ours = new Set(Object.keys(actionSchema).map(rename))
    const missing = Object.keys(published.definitions).filter((n) => !editorOnly.test(n) && !ours.has(n))
    expect(missing).toEqual([])
  })
})
