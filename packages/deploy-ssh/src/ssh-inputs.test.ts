import { describe, expect, it } from 'vitest'
import { Inputs } from '../../action-runtime/src/inputs'
import { parseSshInputs, SSH_INPUT_NAMES } from './ssh-inputs'

const reader = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '')
const base = {
  host: 'deploy.example.com',
  user: 'deploy',
  'known-hosts': 'deploy.example.com ssh-ed25519 AAAAC3Nza',
  'deploy-path': '/srv/app/',
  source: 'dist',
}
const shared = { releaseId: 'r1', rollback: false, workspace: '/work' }

describe('parseSshInputs', () => {
  it('reads every ssh input and applies defaults', () => {
    const input = reader(base)
    const plan = parseSshInputs(input, shared)
    expect([...input.names].sort()).toEqual([...SSH_INPUT_NAMES].sort())
    expect(plan).toEqual({
      mode: 'deploy',
      options: expect.objectContaining({
        deployPath: '/srv/app',
        releaseId: 'r1',
        source: '/work/dist',
        transfer: 'auto',
        keep: 5,
        commandTimeoutMs: 600_000,
        target: expect.objectContaining({ host: 'deploy.example.com', port: 22, user: 'deploy' }),
      }),
    })
  })

  it('plans a rollback without a source', () => {
    const plan = parseSshInputs(reader({ ...base, source: '', 'reload-command': 'systemctl reload app' }), {
      ...shared,
      rollback: true,
    })
    expect(plan).toMatchObject({
      mode: 'rollback',
      options: { deployPath: '/srv/app', reloadCommand: 'systemctl reload app' },
    })
  })

  it('names the missing or bad input', () => {
    expect(() => parseSshInputs(reader({ ...base, 'known-hosts': '' }), shared)).toThrow(
      /Input known-hosts is required/,
    )
    expect(() => parseSshInputs(reader({ ...base, host: '' }), shared)).toThrow(
      "Input 'host' is required for provider ssh",
    )
    expect(() => parseSshInputs(reader({ ...base, 'deploy-path': 'srv/app' }), shared)).toThrow(
      "Input 'deploy-path' has invalid value 'srv/app'",
    )
    expect(() => parseSshInputs(reader({ ...base, transfer: 'ftp' }), shared)).toThrow(
      "Input 'transfer' has invalid value 'ftp': expected one of auto, rsync, scp",
    )
    expect(() => parseSshInputs(reader({ ...base, source: '' }), shared)).toThrow(
      "Input 'source' is required",
    )
    expect(() => parseSshInputs(reader(base), { ...shared, releaseId: '../x' })).toThrow(/release-id/)
  })
})
