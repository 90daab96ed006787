import { describe, expect, it } from 'vitest'
import { secretValues, type SecretInputs } from './secret-inputs'

const values = (inputs: Record<string, string>, declared: SecretInputs) =>
  secretValues((name) => inputs[name] ?? '', declared)

describe('secretValues', () => {
  it('masks a multi-line value whole and each line trimmed, as the runner masks a secret', () => {
    const key = '-----BEGIN KEY-----\r\n  AAAAbase64 \n\n-----END KEY-----\n'
    expect(values({ key }, { key: 'value' })).toEqual([
      '-----BEGIN KEY-----\r\n  AAAAbase64 \n\n-----END KEY-----',
      '-----BEGIN KEY-----',
      'AAAAbase64',
      '-----END KEY-----',
    ])
  })

  it('adds the secret part of each line its kind names', () => {
    expect(values({ env: 'TOKEN=a=b\nBAD LINE' }, { env: 'key-values' })).toEqual([
      'TOKEN=a=b\nBAD LINE',
      'TOKEN=a=b',
      'a=b',
      'BAD LINE',
    ])
    expect(values({ h: 'Authorization: Bearer x:y\nX Token: t' }, { h: 'headers' })).toEqual([
      'Authorization: Bearer x:y\nX Token: t',
      'Authorization: Bearer x:y',
      'Bearer x:y',
      'X Token: t',
      't',
    ])
    expect(values({ l: 'ghcr.io octo pass word' }, { l: 'logins' })).toEqual([
      'ghcr.io octo pass word',
      'pass word',
    ])
  })

  it('takes only the passwords of URLs, and of URLs inside other secret values', () => {
    expect(values({ u: 'http://deploy:S3cret@h/health\nhttps://h/open\n/path' }, { u: 'urls' })).toEqual([
      'S3cret',
    ])
    expect(values({ env: 'DB=postgres://app:p%40ss@db/app' }, { env: 'key-values' })).toEqual(
      expect.arrayContaining(['postgres://app:p%40ss@db/app', 'p%40ss', 'p@ss']),
    )
  })

  it('skips empty inputs and undeclared ones', () => {
    expect(values({ token: '  ', other: 'visible' }, { token: 'value' })).toEqual([])
  })
})
