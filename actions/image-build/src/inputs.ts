import {
  Inputs,
  inputsFrom,
  invalid,
  UserError,
  type InputSource,
  type SecretInputs,
} from '@pipeline-kit/action-runtime'
import type {
  BuildOptions,
  EnginePreference,
  PushMode,
  RegistryLogin,
  ScanMode,
} from '@pipeline-kit/image-build'
import { registryOf } from '@pipeline-kit/image-meta'

export interface ImageBuildInputs {
  readonly images: readonly string[]
  readonly tags: readonly string[]
  readonly flavor: readonly string[]
  readonly labels: Readonly<Record<string, string>>
  readonly build: BuildOptions
  readonly push: PushMode
  readonly logins: readonly RegistryLogin[]
  readonly logout: boolean
  readonly engine: EnginePreference
  readonly scan: ScanMode
}

/** Inputs holding secrets: masked by runAction (whole, per line, per part) before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { password: 'value', logins: 'logins', secrets: 'key-values' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): ImageBuildInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const images = input.list('images')
  if (images.length === 0) throw new UserError("Input 'images' is required but was empty")
  const secrets = input.map('secrets', 'id=value lines')
  for (const id of Object.keys(secrets)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id))
      throw invalid('secrets', id, 'id=value lines with ids of letters, digits, _ . -')
  }
  const build: BuildOptions = {
    context: input.string('context', '.'),
    file: input.optional('file'),
    target: input.optional('target'),
    buildArgs: input.map('build-args'),
    pull: input.boolean('pull', false),
    noCache: input.boolean('no-cache', false),
    platforms: input.list('platforms'),
    cacheFrom: input.list('cache-from', 'lines'),
    cacheTo: input.list('cache-to', 'lines'),
    provenance: input.optional('provenance'),
    sbom: input.optional('sbom'),
    secrets,
  }
  const logins = parseLogins(input, images[0]!)
  return {
    images,
    tags: input.list('tags', 'lines'),
    flavor: input.list('flavor', 'lines'),
    labels: input.map('labels'),
    build,
    push: input.enum('push', ['auto', 'true', 'false'], 'auto'),
    logins,
    logout: input.boolean('logout', true),
    engine: input.enum('engine', ['auto', 'buildx', 'classic'], 'auto'),
    scan: input.enum('scan-secrets', ['off', 'warn', 'fail'], 'off'),
  }
}

function parseLogins(input: Inputs, firstImage: string): RegistryLogin[] {
  const registry = input.optional('registry')
  const username = input.optional('username')
  const password = input.optional('password')
  const logins: RegistryLogin[] = []
  if (username && !password)
    throw new UserError("Input 'password' is empty but 'username' is set: give both, or neither")
  if (password && !username)
    throw new UserError("Input 'username' is empty but 'password' is set: give both, or neither")
  if (username && password)
    logins.push({ registry: registry ?? registryOf(firstImage.toLowerCase()), username, password })
  for (const { text, number } of input.lines('logins')) {
    const match = /^(\S+)\s+(\S+)\s+(.+)$/.exec(text)
    if (!match) throw input.invalidLine('logins', text, number, "'registry username password' lines")
    logins.push({ registry: match[1]!, username: match[2]!, password: match[3]!.trim() })
  }
  return logins
}
