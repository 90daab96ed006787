import { describe, expect, it } from 'vitest'
import { expectSecretNowhere, runActionBundle } from '../harness'

interface Case {
  readonly action: string
  /** Every secret-bearing input, set. */
  readonly secrets: Readonly<Record<string, string>>
  /** A bad value of an ordinary input, so that parsing fails at once. */
  readonly bad: Readonly<Record<string, string>>
  readonly failure: string
  /** What must have been masked (each also absent everywhere else). */
  readonly masked: readonly string[]
}

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'
const token = (action: string) => `ghs_${action.replace(/-/g, '')}Sentinel0123456789`

const cases: Case[] = [
  ...(
    [
      ['test', {}, "Input 'reports' is required"],
      ['coverage', {}, "Input 'reports' is required"],
      ['lint', { 'fail-level': 'nope' }, "Input 'fail-level' has invalid value 'nope'"],
      ['release', { 'dry-run': 'maybe' }, "Input 'dry-run' has invalid value 'maybe'"],
    ] as const
  ).map(([action, bad, failure]) => ({
    action,
    secrets: { 'github-token': token(action) },
    bad,
    failure,
    masked: [token(action)],
  })),
  {
    action: 'deploy',
    secrets: {
      'github-token': token('deploy'),
      'ssh-key': KEY,
      'registry-password': 'reg-pass-4a3b2c1d',
      'secret-env': 'DB_URL=postgres://app:db-pass-5e6f@db/app\nAPI_KEY=api-key-7g8h9i',
      'smoke-urls': 'http://probe:smoke-pass-1q2w@127.0.0.1:8080/health',
      'environment-url': 'https://viewer:env-pass-3e4r@staging.example.com/',
      'docker-host': 'tcp://engine:host-pass-5t6y@127.0.0.1:2376',
    },
    bad: { provider: 'nope' },
    failure: "Input 'provider' has invalid value 'nope'",
    masked: [
      token('deploy'),
      KEY,
      'b3BlbnNzaC1rZXktdjEAAAAA',
      'reg-pass-4a3b2c1d',
      'postgres://app:db-pass-5e6f@db/app',
      'api-key-7g8h9i',
      'smoke-pass-1q2w',
      'env-pass-3e4r',
      'host-pass-5t6y',
    ],
  },
  {
    action: 'image-build',
    secrets: {
      password: 'reg-pass-0p9o8i',
      logins: 'ghcr.io octo login-pass-7u6y5t',
      secrets: 'npm=npm-token-4r3e2w\nsentry=sentry-token-1q0p',
    },
    bad: { images: 'app', push: 'maybe', username: 'octo' },
    failure: "Input 'push' has invalid value 'maybe'",
    masked: ['reg-pass-0p9o8i', 'login-pass-7u6y5t', 'npm-token-4r3e2w', 'sentry-token-1q0p'],
  },
  {
    action: 'smoke-test',
    secrets: {
      urls: 'http://deploy:url-pass-6t5r@127.0.0.1:8080/health',
      headers: 'Authorization: Bearer header-token-2w3e\nX-Api-Key: api-key-4r5t',
      'container-env': 'TOKEN=container-token-8i9o',
    },
    bad: { method: 'FETCH' },
    failure: "Input 'method' has invalid value 'FETCH'",
    masked: ['url-pass-6t5r', 'Bearer header-token-2w3e', 'api-key-4r5t', 'container-token-8i9o'],
  },
]

describe('every action masks its secret-bearing inputs before it parses any input', () => {
  it.each(cases)('$action', async ({ action, secrets, bad, failure, masked }) => {
    const run = await runActionBundle({ action, inputs: { ...secrets, ...bad } })
    expect(run.exitCode).toBe(1)
    expect(run.failures).toEqual([expect.stringContaining(failure)])
    for (const value of masked) {
      expect(run.masks).toContain(value)
      expectSecretNowhere(run, value)
    }
  })
})
