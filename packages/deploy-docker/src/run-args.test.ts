import { describe, expect, it } from 'vitest'
import { buildRunArgs, renderEnvFile, validateContainerName } from './run-args'

describe('buildRunArgs', () => {
  const container = {
    name: 'web-next',
    port: 8082,
    envFile: '/tmp/x/env',
    labels: { 'pipeline-kit.release': 'r2' },
  }

  it('runs on the host network with the env file and health overrides, never env values', () => {
    const args = buildRunArgs(
      {
        image: 'app:v2',
        network: 'host',
        healthCheck: { cmd: 'wget -q http://127.0.0.1:$PORT/', intervalMs: 1000, retries: 3 },
      },
      container,
    )
    expect(args).toEqual([
      'run',
      '--detach',
      '--name',
      'web-next',
      '--restart',
      'unless-stopped',
      '--label',
      'pipeline-kit.release=r2',
      '--env-file',
      '/tmp/x/env',
      '--network',
      'host',
      '--health-cmd',
      'wget -q http://127.0.0.1:$PORT/',
      '--health-interval',
      '1000ms',
      '--health-retries',
      '3',
      'app:v2',
    ])
  })

  it('publishes the port on a bridge network', () => {
    const args = buildRunArgs({ image: 'app:v2', network: 'bridge', containerPort: 80 }, container)
    expect(args).toContain('--publish')
    expect(args[args.indexOf('--publish') + 1]).toBe('8082:80')
    expect(args).not.toContain('--network')
  })
})

describe('renderEnvFile', () => {
  it('writes env, secrets and the provider variables last', () => {
    expect(
      renderEnvFile({ MODE: 'prod', PORT: '1' }, { TOKEN: 'a=b c' }, { PORT: '8082', RELEASE_ID: 'r2' }),
    ).toBe('MODE=prod\nPORT=1\nTOKEN=a=b c\nPORT=8082\nRELEASE_ID=r2\n')
  })

  it('refuses line breaks without printing the value', () => {
    expect(() => renderEnvFile({}, { KEY: 'hunter2\nx' }, {})).toThrow(
      'Input secret-env: the value of KEY contains a line break',
    )
    try {
      renderEnvFile({}, { KEY: 'hunter2\nx' }, {})
    } catch (error) {
      expect(String(error)).not.toContain('hunter2')
    }
    expect(() => renderEnvFile({ 'A-B': 'x' }, {}, {})).toThrow(
      "Input env has an invalid variable name 'A-B'",
    )
  })
})

describe('validateContainerName', () => {
  it('accepts docker names and names the input otherwise', () => {
    expect(validateContainerName('web_1.blue-x')).toBe('web_1.blue-x')
    expect(() => validateContainerName('-web')).toThrow("Input container-name has invalid value '-web'")
    expect(() => validateContainerName('a b', 'proxy-container')).toThrow('Input proxy-container')
  })
})
