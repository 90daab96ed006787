import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { secretValues } from '@pipeline-kit/action-runtime'
import { parseInputs, SECRET_INPUTS } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('image-build parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('image-build', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = { images: 'ghcr.io/octo/app', username: 'u', password: 'p' }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('image-build').names)
    expect(declaredInputs('image-build').requiredWithDefault).toEqual([])
  })

  it('applies defaults', () => {
    const inputs = parseInputs(read({ images: 'ghcr.io/octo/app' }))
    expect(inputs).toMatchObject({
      images: ['ghcr.io/octo/app'],
      tags: [],
      flavor: [],
      labels: {},
      push: 'auto',
      logins: [],
      logout: true,
      engine: 'auto',
      scan: 'off',
    })
    expect(inputs.build).toEqual({
      context: '.',
      file: undefined,
      target: undefined,
      buildArgs: {},
      pull: false,
      noCache: false,
      platforms: [],
      cacheFrom: [],
      cacheTo: [],
      provenance: undefined,
      sbom: undefined,
      secrets: {},
    })
  })

  it('parses logins (default registry from the first image), secrets and build options', () => {
    const inputs = parseInputs(
      read({
        images: '127.0.0.1:5000/App\nghcr.io/octo/app',
        username: 'bot',
        password: 'pw',
        logins: 'ghcr.io octo ghp_token with spaces',
        secrets: 'npm=tok=en',
        'build-args': 'A=1',
        platforms: 'linux/amd64, linux/arm64',
        'cache-from': 'type=gha\ntype=registry,ref=r/app:cache',
        tags: 'type=sha\ntype=raw,value=a',
        push: 'false',
        'scan-secrets': 'fail',
      }),
    )
    expect(inputs.logins).toEqual([
      { registry: '127.0.0.1:5000', username: 'bot', password: 'pw' },
      { registry: 'ghcr.io', username: 'octo', password: 'ghp_token with spaces' },
    ])
    expect(
      secretValues(
        read({ password: 'pw', logins: 'ghcr.io octo ghp_token with spaces', secrets: 'npm=tok=en' }),
        SECRET_INPUTS,
      ),
    ).toEqual(expect.arrayContaining(['pw', 'ghp_token with spaces', 'tok=en']))
    expect(inputs.build).toMatchObject({
      buildArgs: { A: '1' },
      platforms: ['linux/amd64', 'linux/arm64'],
      cacheFrom: ['type=gha', 'type=registry,ref=r/app:cache'],
      secrets: { npm: 'tok=en' },
    })
    expect(inputs.tags).toEqual(['type=sha', 'type=raw,value=a'])
  })

  it('rejects bad values naming the input, never echoing a password', () => {
    expect(() => parseInputs(read({}))).toThrow("Input 'images' is required but was empty")
    expect(() => parseInputs(read({ images: 'a', push: 'yes' }))).toThrow(
      "Input 'push' has invalid value 'yes': expected one of auto, true, false",
    )
    expect(() => parseInputs(read({ images: 'a', username: 'u' }))).toThrow("Input 'password' is empty")
    expect(() => parseInputs(read({ images: 'a', password: 'p' }))).toThrow("Input 'username' is empty")
    const logins = 'ghcr.io octo pw\n# a comment\n\nr only-user-secretpw'
    expect(() => parseInputs(read({ images: 'a', logins }))).toThrow(
      "Input 'logins' has an invalid line 4 (not shown: it may hold a secret): expected 'registry username password' lines",
    )
    expect(() => parseInputs(read({ images: 'a', logins }))).not.toThrow(/secretpw/)
    expect(() => parseInputs(read({ images: 'a', secrets: 'npm=x\nnpm-secret-value' }))).toThrow(
      "Input 'secrets' has an invalid line 2 (not shown: it may hold a secret): expected id=value lines",
    )
    expect(() => parseInputs(read({ images: 'a', secrets: 'npm-secret-value' }))).not.toThrow(
      /npm-secret-value/,
    )
    expect(() => parseInputs(read({ images: 'a', engine: 'kaniko' }))).toThrow(
      "Input 'engine' has invalid value 'kaniko'",
    )
    expect(() => parseInputs(read({ images: 'a', secrets: 'bad id=x' }))).toThrow("Input 'secrets'")
  })
})
