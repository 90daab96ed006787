import { splitCommandLine, UserError } from '@pipeline-kit/common'
import { valueToString, type Value } from './expressions'

/** `jobs.<id>.container` or one of `jobs.<id>.services`, evaluated. */
export interface ContainerSpec {
  readonly image: string
  readonly env: Readonly<Record<string, string>>
  readonly ports: readonly string[]
  readonly volumes: readonly string[]
  /** `options`, split as the runner passes them to `docker create`. */
  readonly options: readonly string[]
  readonly credentials?: { readonly username: string; readonly password: string }
}

/**
 * Reads an evaluated `container:` or service value: a string is the image; a mapping has
 * `image`, `env`, `ports`, `volumes`, `options`, `credentials` (username and password
 * both, as GitHub requires). `where` names it in errors (`jobs.build.services.web`).
 */
export function parseContainerSpec(value: Value, where: string): ContainerSpec | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (typeof value === 'string') return { image: value, env: {}, ports: [], volumes: [], options: [] }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UserError(
      `${where} must be an image name or a mapping with image, got ${JSON.stringify(value)}`,
    )
  const map = value as Record<string, Value>
  const image = map.image === undefined || map.image === null ? '' : valueToString(map.image).trim()
  // GitHub skips a service (or runs the job on the host) whose image evaluates to empty.
  if (!image) return undefined
  const list = (key: string) => {
    const items = map[key]
    if (items === undefined || items === null) return []
    if (!Array.isArray(items))
      throw new UserError(`${where}.${key} must be a list, got ${JSON.stringify(items)}`)
    return items.map((item) => valueToString(item))
  }
  const envValue = (map.env ?? {}) as Record<string, Value>
  const env = Object.fromEntries(Object.entries(envValue).map(([k, v]) => [k, valueToString(v)]))
  const options = map.options ? splitCommandLine(`${where}.options`, valueToString(map.options)) : []
  const credentials = map.credentials as Record<string, Value> | undefined
  let login: ContainerSpec['credentials']
  if (credentials) {
    const username = credentials.username ? valueToString(credentials.username) : ''
    const password = credentials.password ? valueToString(credentials.password) : ''
    if (!username || !password)
      throw new UserError(
        `${where}.credentials needs both username and password (got ${username ? 'no password' : 'no username'})`,
      )
    login = { username, password }
  }
  return { image, env, ports: list('ports'), volumes: list('volumes'), options, credentials: login }
}
