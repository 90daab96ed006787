import { describe, expect, it } from 'vitest'
import { declaredInputs, inputNamesRead, secretInputProblems } from '../../../test/harness/declared-inputs'
import { parseInputs, SECRET_INPUTS } from './inputs'

const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('smoke-test parseInputs', () => {
  it('declares every secret-bearing input of action.yml, to be masked before parsing', () => {
    expect(secretInputProblems('smoke-test', SECRET_INPUTS)).toEqual([])
  })

  it('reads exactly the inputs action.yml declares, none required with a default', () => {
    const all = { urls: '/health', image: 'app:1', 'max-latency': '1s', 'p95-latency': '1s' }
    expect(inputNamesRead(parseInputs, all)).toEqual(declaredInputs('smoke-test').names)
    expect(declaredInputs('smoke-test').requiredWithDefault).toEqual([])
  })

  it('applies defaults', () => {
    const inputs = parseInputs(read({ urls: 'https://example.com/health' }))
    expect(inputs.method).toBe('GET')
    expect(inputs.probe).toMatchObject({
      timeoutMs: 60_000,
      requestTimeoutMs: 10_000,
      intervalMs: 1000,
      samples: 1,
      followRedirects: true,
      insecureTls: false,
    })
    expect(inputs.probe.expect.status).toEqual([{ from: 200, to: 299 }])
    expect(inputs.container).toBeUndefined()
  })

  it('parses expectations and the container', () => {
    const inputs = parseInputs(
      read({
        image: 'app:1',
        'container-port': '8080',
        'container-env': 'TOKEN=abc',
        'expect-json': 'status=ok\n$.a[0]= 1 ',
        'expect-headers': 'X-Version: 2\nETag',
        'p95-latency': '250ms',
      }),
    )
    expect(inputs.urls).toEqual(['/'])
    expect(inputs.container).toEqual({ image: 'app:1', port: 8080, env: { TOKEN: 'abc' }, network: 'bridge' })
    expect(inputs.probe.expect.json).toEqual([
      { path: 'status', expected: 'ok' },
      { path: '$.a[0]', expected: '1' },
    ])
    expect(inputs.probe.expect.headers).toEqual([{ name: 'x-version', expected: '2' }, { name: 'etag' }])
    expect(inputs.probe.expect.p95LatencyMs).toBe(250)
  })

  it('rejects paths without an image and malformed JSON assertions', () => {
    expect(() => parseInputs(read({ urls: '/health' }))).toThrow(
      "Input 'urls' has invalid value '/health': expected an absolute URL",
    )
    expect(() => parseInputs(read({ urls: 'http://x', 'expect-json': 'novalue' }))).toThrow(
      "Input 'expect-json' has invalid value 'novalue': expected path=value lines",
    )
  })
})
