import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { secretValues } from '@pipeline-kit/action-runtime'
import { parseInputs, SECRET_INPUTS } from './inputs'

const context = {
  workspace: '/ws',
  sha: '0123456789abcdef0123456789abcdef01234567',
  now: new Date('2026-11-23T08:00:00Z'),
}
const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const common = { environment: 'staging', 'github-token': 'ghs_x', ref: context.sha }
const ssh = {
  ...common,
  provider: 'ssh',
  host: 'deploy.example.com',
  user: 'deploy',
  'known-hosts': 'deploy.example.com ssh-ed25519 AAAAC3Nza',
  'deploy-path': '/srv/app',
  source: 'dist',
}
const docker = {
  ...common,
  provider: 'docker',
  image: 'app:v2',
  'container-name': 'web',
  ports: '8081,8082',
  'proxy-reload': 'x',
}
const swarm = { ...common, provider: 'swarm', image: 'app:v2', service: 'web' }
const stack = { ...common, provider: 'swarm', image: 'app:v2', stack: 'web', 'compose-file': 'stack.yml' }

describe('deploy parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('deploy', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares (across providers), none required with a default', () => {
    const names = new Set<string>()
    const everything = {
      'smoke-urls': 'http://x/',
      payload: '{}',
      'production-environment': 'true',
      'container-port': '80',
    }
    for (const values of [ssh, docker, swarm, stack]) {
      for (const name of inputNamesRead((r) => parseInputs(r, context), { ...everything, ...values }))
        names.add(name)
    }
    expect([...names].sort()).toEqual(declaredInputs('deploy').names)
    expect(declaredInputs('deploy').requiredWithDefault).toEqual([])
  })

  it('applies defaults and derives the release id and production flag', () => {
    const inputs = parseInputs(read(ssh), context)
    expect(inputs).toMatchObject({
      environment: 'staging',
      track: true,
      production: false,
      transient: false,
      rollback: false,
      releaseId: '20261123T080000Z-0123456',
      smoke: undefined,
      target: {
        provider: 'ssh',
        plan: { mode: 'deploy', options: { source: '/ws/dist', deployPath: '/srv/app' } },
      },
    })
    expect(parseInputs(read({ ...ssh, environment: 'production' }), context).production).toBe(true)
  })

  it('shows the environment URL with its password as ***, and smoke URLs as given (they are requested)', () => {
    const inputs = parseInputs(
      read({
        ...ssh,
        'environment-url': 'https://viewer:pw-1@staging.example.com/',
        'smoke-urls': 'https://probe:pw-2@staging.example.com/health',
      }),
      context,
    )
    expect(inputs.environmentUrl).toBe('https://viewer:***@staging.example.com/')
    expect(inputs.smoke?.urls).toEqual(['https://probe:pw-2@staging.example.com/health'])
    expect(() => parseInputs(read({ ...ssh, 'smoke-urls': 'http://probe:pw-3@h:99999 x' }), context)).toThrow(
      "Input 'smoke-urls' has invalid value 'http://probe:***@h:99999 x'",
    )
  })

  it('collects secrets to mask and parses smoke checks', () => {
    const inputs = parseInputs(
      read({
        ...docker,
        'secret-env': 'TOKEN=hunter22',
        'registry-password': 'pw',
        registry: 'r',
        'registry-username': 'u',
        'smoke-urls': 'http://127.0.0.1:8080/health',
        'smoke-expect-body-contains': 'ok',
      }),
      context,
    )
    expect(inputs.smoke).toMatchObject({
      urls: ['http://127.0.0.1:8080/health'],
      probe: { timeoutMs: 30_000 },
    })
    expect(inputs.smoke?.probe.expect.bodyContains).toEqual(['ok'])
  })

  it('rejects bad values naming the input', () => {
    expect(() => parseInputs(read({ ...ssh, provider: 'ftp' }), context)).toThrow(
      "Input 'provider' has invalid value 'ftp': expected one of ssh, docker, swarm",
    )
    expect(() => parseInputs(read({ ...ssh, 'known-hosts': '' }), context)).toThrow(
      /Input known-hosts is required/,
    )
    expect(() => parseInputs(read({ ...ssh, payload: '[1]' }), context)).toThrow(
      "Input 'payload' has invalid value '[1]'",
    )
    expect(() => parseInputs(read({ ...ssh, 'smoke-urls': 'localhost:80' }), context)).toThrow(
      "Input 'smoke-urls'",
    )
    expect(() => parseInputs(read({ ...ssh, 'github-token': '' }), context)).toThrow(/track: false/)
    expect(parseInputs(read({ ...ssh, 'github-token': '', track: 'false' }), context).track).toBe(false)
    expect(() => parseInputs(read({ ...swarm, service: 'bad name!' }), context)).toThrow(
      'Input service has an invalid value "bad name!"',
    )
  })

  it('lists every secret value to mask, from the raw inputs', () => {
    const values = secretValues(
      read({
        'ssh-key': '-----BEGIN KEY-----\nAAAAbase64\n-----END KEY-----',
        'secret-env': 'TOKEN=hunter22\nBAD LINE',
        'registry-password': 'pw',
        'smoke-urls': 'https://probe:smoke-pw@app.example.com/health',
      }),
      SECRET_INPUTS,
    )
    expect(values).toEqual(
      expect.arrayContaining([
        '-----BEGIN KEY-----\nAAAAbase64\n-----END KEY-----',
        'AAAAbase64',
        'TOKEN=hunter22',
        'hunter22',
        'BAD LINE',
        'pw',
        'smoke-pw',
      ]),
    )
    expect(values).not.toContain('https://probe:smoke-pw@app.example.com/health')
    expect(secretValues(read({}), SECRET_INPUTS)).toEqual([])
  })
})
