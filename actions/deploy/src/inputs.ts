import {
  Inputs,
  inputsFrom,
  UserError,
  invalid,
  redactUrl,
  type InputSource,
  type SecretInputs,
} from '@pipeline-kit/action-runtime'
import { parseDockerInputs, type DockerPlan } from '@pipeline-kit/deploy-docker'
import { defaultReleaseId, parseSshInputs, validateReleaseId, type SshPlan } from '@pipeline-kit/deploy-ssh'
import { parseSwarmInputs, type SwarmPlan } from '@pipeline-kit/deploy-swarm'
import type { SmokeChecks } from '@pipeline-kit/deployments'
import { parseStatusRanges } from '@pipeline-kit/http-probe'

export const PROVIDERS = ['ssh', 'docker', 'swarm'] as const

export type ProviderPlan =
  | { readonly provider: 'ssh'; readonly plan: SshPlan }
  | { readonly provider: 'docker'; readonly plan: DockerPlan }
  | { readonly provider: 'swarm'; readonly plan: SwarmPlan }

export interface DeployInputs {
  readonly environment: string
  /** As shown on the environments page, in the summary and the output: a URL password is `***`. */
  readonly environmentUrl?: string
  readonly track: boolean
  /** Fail the step when a Deployments API call fails; by default it only warns. */
  readonly failOnApiError: boolean
  readonly token: string
  readonly ref: string
  readonly description?: string
  readonly payload?: Readonly<Record<string, unknown>>
  readonly transient: boolean
  readonly production: boolean
  readonly rollback: boolean
  readonly releaseId: string
  readonly image?: string
  readonly smoke?: SmokeChecks
  readonly target: ProviderPlan
}

/** Inputs holding secrets: masked by runAction (whole, per line, per part) before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = {
  'github-token': 'value',
  'ssh-key': 'value',
  'registry-password': 'value',
  'secret-env': 'key-values',
  'smoke-urls': 'urls',
  'environment-url': 'urls',
  'docker-host': 'urls',
}

/** What the inputs need from the run: the workspace, the commit and the clock. */
export interface InputContext {
  readonly workspace: string
  readonly sha: string
  readonly now?: Date
}

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource, context: InputContext): DeployInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const provider = input.enum('provider', PROVIDERS)
  const environment = input.required('environment')
  if (environment.length > 255)
    throw invalid('environment', environment.slice(0, 40) + '…', 'at most 255 characters')
  const environmentUrl = input.optional('environment-url')
  if (environmentUrl && !/^https?:\/\/\S+$/.test(environmentUrl)) {
    throw invalid('environment-url', environmentUrl, 'an http:// or https:// URL')
  }
  const track = input.boolean('track', true)
  const token = input.string('github-token')
  if (track && !token) {
    throw new UserError(
      "Input 'github-token' is empty: give a token with deployments: write, or set track: false",
    )
  }
  const productionText = input.optional('production-environment')
  const rollback = input.boolean('rollback', false)
  const releaseId = validateReleaseId(
    input.optional('release-id') ?? defaultReleaseId(context.sha, context.now ?? new Date()),
  )
  const image = input.optional('image')
  const inputs = {
    environment,
    environmentUrl: environmentUrl && redactUrl(environmentUrl),
    track,
    failOnApiError: input.boolean('fail-on-api-error', false),
    token,
    ref: input.string('ref', context.sha) || context.sha,
    description: input.optional('description'),
    payload: parsePayload(input.optional('payload')),
    transient: input.boolean('transient-environment', false),
    production:
      productionText === undefined ? environment === 'production' : input.boolean('production-environment'),
    rollback,
    releaseId,
    image,
    smoke: parseSmoke(input),
  }
  if (inputs.track && !inputs.ref) throw new UserError("Input 'ref' is empty: give the commit being deployed")
  const target = parseTarget(input, provider, { rollback, releaseId, image, workspace: context.workspace })
  return { ...inputs, target }
}

function parseTarget(
  input: Inputs,
  provider: (typeof PROVIDERS)[number],
  shared: { rollback: boolean; releaseId: string; image?: string; workspace: string },
): ProviderPlan {
  switch (provider) {
    case 'ssh':
      return { provider, plan: parseSshInputs(input, shared) }
    case 'docker':
      return { provider, plan: parseDockerInputs(input, shared) }
    case 'swarm':
      return { provider, plan: parseSwarmInputs(input, shared) }
  }
}

function parsePayload(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid('payload', text.slice(0, 60), `a JSON object (${(error as Error).message})`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('payload', text.slice(0, 60), 'a JSON object such as {"image": "app:1"}')
  }
  return value as Record<string, unknown>
}

function parseSmoke(input: Inputs): SmokeChecks | undefined {
  const urls = input.list('smoke-urls', 'lines')
  for (const url of urls) {
    if (!/^https?:\/\/\S+$/.test(url)) throw invalid('smoke-urls', url, 'absolute http:// or https:// URLs')
  }
  const status = parseStatusRanges(input.string('smoke-expect-status', '200-299'), 'smoke-expect-status')
  const bodyContains = input.list('smoke-expect-body-contains', 'lines')
  const timeoutMs = input.duration('smoke-timeout', 30_000, { min: 1000, max: 3_600_000 })
  if (urls.length === 0) return undefined
  return {
    urls,
    probe: {
      expect: { status, bodyContains, bodyRegex: [], json: [], headers: [] },
      timeoutMs,
      requestTimeoutMs: Math.min(10_000, timeoutMs),
      intervalMs: 500,
      maxIntervalMs: 5000,
      samples: 1,
      followRedirects: true,
      insecureTls: false,
    },
  }
}
