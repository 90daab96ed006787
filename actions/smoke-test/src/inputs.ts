import {
  Inputs,
  inputsFrom,
  UserError,
  invalid,
  type InputSource,
  type SecretInputs,
} from '@pipeline-kit/action-runtime'
import { parseStatusRanges, type Expectations, type ProbeOptions } from '@pipeline-kit/http-probe'

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

export interface ContainerSpec {
  readonly image: string
  readonly port: number
  readonly env: Readonly<Record<string, string>>
  readonly network: 'bridge' | 'host'
}

export interface SmokeTestInputs {
  /** Absolute URLs, or paths to resolve against the container when `container` is set. */
  readonly urls: readonly string[]
  readonly method: (typeof METHODS)[number]
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  readonly probe: ProbeOptions
  readonly container?: ContainerSpec
}

/** Inputs holding secrets: masked by runAction (URL passwords, header and env values) before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { urls: 'urls', headers: 'headers', 'container-env': 'key-values' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): SmokeTestInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const image = input.optional('image')
  const urls = input.list('urls', 'lines')
  if (urls.length === 0 && !image) {
    throw new UserError(
      "Input 'urls' is empty: give at least one URL to probe, or an 'image' to start and probe",
    )
  }
  for (const url of urls) validateUrl(url, Boolean(image))
  const method = input.enum('method', METHODS, 'GET')
  const samples = input.integer('samples', 1, { min: 1, max: 1000 })
  const probe: ProbeOptions = {
    expect: parseExpectations(input),
    timeoutMs: input.duration('timeout', 60_000, { min: 1000, max: 6 * 3_600_000 }),
    requestTimeoutMs: input.duration('request-timeout', 10_000, { min: 100, max: 600_000 }),
    intervalMs: input.duration('interval', 1000, { min: 10, max: 600_000 }),
    maxIntervalMs: 10_000,
    samples,
    followRedirects: input.boolean('follow-redirects', true),
    insecureTls: input.boolean('insecure-tls', false),
  }
  const container: ContainerSpec | undefined = image
    ? {
        image,
        port: input.integer('container-port', 80, { min: 1, max: 65535 }),
        env: input.map('container-env'),
        network: input.enum('container-network', ['bridge', 'host'], 'bridge'),
      }
    : undefined
  return {
    urls: urls.length ? urls : ['/'],
    method,
    headers: input.headers('headers'),
    body: input.optional('body'),
    probe,
    container,
  }
}

function validateUrl(url: string, pathsAllowed: boolean): void {
  if (pathsAllowed && url.startsWith('/')) return
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid(
      'urls',
      url,
      pathsAllowed
        ? 'an absolute http(s):// URL or a path starting with /'
        : 'an absolute URL starting with http:// or https://',
    )
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid('urls', url, 'an http:// or https:// URL')
  }
}

function parseExpectations(input: Inputs): Expectations {
  const regexText = input.optional('expect-body-regex')
  let bodyRegex: RegExp[] = []
  if (regexText) {
    try {
      bodyRegex = [new RegExp(regexText)]
    } catch (error) {
      throw invalid(
        'expect-body-regex',
        regexText,
        `a valid JavaScript regular expression (${(error as Error).message})`,
      )
    }
  }
  const json = input.list('expect-json', 'lines').map((line) => {
    const at = line.indexOf('=')
    if (at <= 0) throw invalid('expect-json', line, 'path=value lines, e.g. status=ok')
    return { path: line.slice(0, at).trim(), expected: line.slice(at + 1).trim() }
  })
  const headers = input.list('expect-headers', 'lines').map((line) => {
    const at = line.indexOf(':')
    const name = (at > 0 ? line.slice(0, at) : line).trim().toLowerCase()
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      throw invalid('expect-headers', line, "'Name' or 'Name: value' lines")
    return at > 0 ? { name, expected: line.slice(at + 1).trim() } : { name }
  })
  return {
    status: parseStatusRanges(input.string('expect-status', '200-299')),
    bodyContains: input.list('expect-body-contains', 'lines'),
    bodyRegex,
    json,
    headers,
    maxLatencyMs: input.optional('max-latency')
      ? input.duration('max-latency', undefined, { min: 1 })
      : undefined,
    p95LatencyMs: input.optional('p95-latency')
      ? input.duration('p95-latency', undefined, { min: 1 })
      : undefined,
  }
}
