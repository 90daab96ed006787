import { beforeAll, describe, expect, it } from 'vitest'
import { buildDefault } from './index'
import { sampleFromSchema } from './sample'
import { SCHEMA_ROOT_ID, loadSpec, matchRoute, normalizeSchema, type Spec } from './spec'
import { SpecValidator } from './validator'

describe('GitHub OpenAPI index', () => {
  let spec: Spec
  let validator: SpecValidator
  beforeAll(async () => {
    spec = await loadSpec()
    validator = new SpecValidator(spec)
  })

  it.each([
    ['GET', '/repos/o/r/releases/latest', 'repos/get-latest-release', {}],
    ['GET', '/repos/o/r/releases/5', 'repos/get-release', { release_id: '5' }],
    ['PATCH', '/repos/o/r/check-runs/42', 'checks/update', { check_run_id: '42' }],
    [
      'GET',
      '/repos/o/r/compare/main...feature',
      'repos/compare-commits-with-basehead',
      { basehead: 'main...feature' },
    ],
    ['GET', '/repos/o/r/contents/docs/a%20b.md', 'repos/get-content', { path: 'docs/a b.md' }],
    ['GET', '/repos/o/r/contents/docs/guide/a.md', 'repos/get-content', { path: 'docs/guide/a.md' }],
    [
      'GET',
      '/repos/o/r/branches/feature/x/protection',
      'repos/get-branch-protection',
      { branch: 'feature/x' },
    ],
    ['PATCH', '/repos/o/r/git/refs/heads%2Fmain', 'git/update-ref', { ref: 'heads/main' }],
    ['GET', '/repos/o/r/', 'repos/get', {}],
  ])('routes %s %s to %s', (method, path, operationId, params) => {
    const match = matchRoute(spec, method, path)
    expect(match?.operation?.operationId).toBe(operationId)
    expect(match?.params).toMatchObject({ owner: 'o', repo: 'r', ...params })
  })

  it('knows a path without the method, and no path at all', () => {
    const match = matchRoute(spec, 'PUT', '/repos/o/r/check-runs/1')
    expect(match?.route.template).toBe('/repos/{owner}/{repo}/check-runs/{check_run_id}')
    expect(match?.operation).toBeUndefined()
    expect(matchRoute(spec, 'GET', '/repos/o/r/check-runz')).toBeUndefined()
    expect(matchRoute(spec, 'GET', '/nope')).toBeUndefined()
  })

  it('rewrites OpenAPI nullable into JSON Schema and points $refs at the component root', () => {
    expect(normalizeSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    })
    expect(normalizeSchema({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })).toEqual({
      anyOf: [{ allOf: [{ $ref: `${SCHEMA_ROOT_ID}#/components/schemas/x` }] }, { type: 'null' }],
    })
    expect(
      normalizeSchema({ type: 'object', properties: { a: { type: 'integer', nullable: true } } }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: ['integer', 'null'] } },
    })
  })

  it('generates minimal values: required properties, formats, first enum member, null for nullable', () => {
    const schema = normalizeSchema({
      type: 'object',
      required: ['id', 'at', 'url', 'mail', 'state', 'gone', 'tags'],
      properties: {
        id: { type: 'integer' },
        at: { type: 'string', format: 'date-time' },
        url: { type: 'string', format: 'uri' },
        mail: { type: 'string', format: 'email' },
        state: { type: 'string', enum: ['open', 'closed'] },
        gone: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' } },
        optional: { type: 'string' },
      },
    })
    expect(sampleFromSchema(schema, spec.schemaRoot, { useExamples: false, branch: 0 })).toEqual({
      id: 1,
      at: '2024-01-01T00:00:00Z',
      url: 'https://github.com/octocat',
      mail: 'octocat@github.com',
      state: 'open',
      gone: null,
      tags: [],
    })
  })

  it('builds a schema-valid default for the first success response of every operation', () => {
    const violations: string[] = []
    let checked = 0
    for (const operation of spec.operations.values()) {
      const status = Object.keys(operation.responses)
        .map(Number)
        .filter((s) => s >= 200 && s < 300)
        .sort((a, b) => a - b)[0]
      if (status === undefined) continue
      buildDefault(operation, status, validator, violations)
      checked++
    }
    expect(checked).toBeGreaterThan(1000)
    expect(violations).toEqual([])
  })

  it('rejects what the description forbids in a request body, including unknown properties', () => {
    const operation = spec.operations.get('repos/create-deployment-status')!
    const schema = validator.requestSchema(operation)!
    expect(validator.validate('t1', schema, { state: 'success', log_url: 'https://x.test' }, 'body').ok).toBe(
      true,
    )
    expect(validator.validate('t1', schema, { state: 'done' }, 'body').errors).toEqual([
      expect.stringMatching(/^body\/state must be equal to one of the allowed values/),
    ])
    expect(
      validator.validate('t1', schema, { state: 'success', environmnet: 'prod' }, 'body').errors,
    ).toEqual(["body has unknown property 'environmnet'"])
  })
})
