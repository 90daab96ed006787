import { Inputs, invalid, UserError, type ReadInput } from '@pipeline-kit/action-runtime'
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
  /** Every value to mask before anything is logged. */
  readonly secretValues: readonly string[]
}

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(read: ReadInput): ImageBuildInputs {
  const input = new Inputs(read)
  const images = input.list('images')
  if (images.length === 0) throw new UserError("Input 'images' is required but was empty")
  const secrets = input.map('secrets')
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
    secretValues: [...logins.map((l) => l.password), ...Object.values(secrets)],
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
  for (const line of input.list('logins', 'lines')) {
    const match = /^(\S+)\s+(\S+)\s+(.+)$/.exec(line)
    // never echo the line: it holds a password
    if (!match) throw new UserError("Input 'logins' has a line that is not 'registry username password'")
    logins.push({ registry: match[1]!, username: match[2]!, password: match[3]!.trim() })
  }
  return logins
}
