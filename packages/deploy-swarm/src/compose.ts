import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { UserError } from '@pipeline-kit/common'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLMap, type Document } from 'yaml'
import type { ServiceNetworking } from './host-binding'
import type { RollingUpdateSettings } from './options'
import { goDuration } from './service-args'
import { stripDigest } from './swarm-state'

/** A compose file read for a stack deploy. */
export interface ComposeFile {
  readonly path: string
  readonly document: Document
  readonly services: readonly string[]
}

/** Reads and parses the compose-file input; errors name the input, the file and the line. */
export function readComposeFile(composeFile: string, cwd: string = process.cwd()): ComposeFile {
  if (!composeFile) throw new UserError('Input compose-file is required for a stack deployment')
  const path = isAbsolute(composeFile) ? composeFile : resolve(cwd, composeFile)
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError(
      `Input compose-file names ${JSON.stringify(composeFile)}, but there is no such file (looked at ${path}); ` +
        `give a path relative to the workspace`,
    )
  }
  const text = readFileSync(path, 'utf8')
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter })
  const error = document.errors[0]
  if (error) {
    const position = lineCounter.linePos(error.pos[0])
    const line = position.line
    throw new UserError(
      `Compose file ${composeFile} is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
      { file: composeFile, line, column: position.col },
    )
  }
  const services = document.get('services')
  if (!isMap(services) || services.items.length === 0) {
    throw new UserError(
      `Compose file ${composeFile} has no services: expected a top-level "services:" mapping`,
      {
        file: composeFile,
      },
    )
  }
  return {
    path,
    document,
    services: services.items.map((pair) => String((pair.key as any)?.value ?? pair.key)),
  }
}

/** The repository part of an image reference: registry/name without tag or digest. */
export function imageRepository(image: string): string {
  const name = stripDigest(image)
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  return colon > slash ? name.slice(0, colon) : name
}

/**
 * Substitutes `image` for every service whose image has the same repository (the tag
 * the image-build action produced replaces whatever the file says). Returns the
 * services changed; none is an error naming both inputs.
 */
export function substituteImage(compose: ComposeFile, image: string, composeFileInput: string): string[] {
  const repository = imageRepository(image)
  const services = compose.document.get('services') as YAMLMap
  const changed: string[] = []
  const seen: string[] = []
  for (const name of compose.services) {
    const service = services.get(name)
    if (!isMap(service)) continue
    const current = service.get('image')
    if (typeof current !== 'string') continue
    seen.push(current)
    if (imageRepository(current) === repository) {
      service.set('image', image)
      changed.push(name)
    }
  }
  if (changed.length === 0) {
    throw new UserError(
      `Input image ${image} matches no service in ${composeFileInput}: no service uses repository ${repository} ` +
        `(found ${seen.length ? seen.join(', ') : 'no image: keys'}). Use the same repository in the compose file.`,
    )
  }
  return changed
}

/**
 * Fills the rolling-update settings (the inputs, as `settingsFor` fits them to each
 * service) into services whose compose file sets no deploy.update_config (and the
 * matching rollback_config); settings in the file win.
 */
export function applyUpdateDefaults(
  compose: ComposeFile,
  settingsFor: (service: string) => RollingUpdateSettings,
): void {
  const services = compose.document.get('services') as YAMLMap
  for (const name of compose.services) {
    const service = services.get(name)
    if (!isMap(service)) continue
    const settings = settingsFor(name)
    if (!service.has('deploy')) service.set('deploy', compose.document.createNode({}))
    const deploy = service.get('deploy')
    if (!isMap(deploy)) continue
    const config = {
      parallelism: settings.parallelism,
      delay: goDuration(settings.delayMs),
      order: settings.order,
      monitor: goDuration(settings.monitorMs),
      max_failure_ratio: settings.maxFailureRatio,
    }
    if (!deploy.has('update_config')) {
      deploy.set(
        'update_config',
        compose.document.createNode({ ...config, failure_action: settings.failureAction }),
      )
    }
    if (!deploy.has('rollback_config')) {
      deploy.set(
        'rollback_config',
        compose.document.createNode({ ...config, delay: '0s', failure_action: 'pause' }),
      )
    }
  }
}

/** The images each compose service will run, after substitution. */
export function composeImages(compose: ComposeFile): Record<string, string | undefined> {
  const services = compose.document.get('services') as YAMLMap
  return Object.fromEntries(
    compose.services.map((name) => {
      const service = services.get(name)
      const image = isMap(service) ? service.get('image') : undefined
      return [name, typeof image === 'string' ? image : undefined]
    }),
  )
}

/**
 * How a compose service attaches to the network: on the host's network when one of its
 * networks is the external network named `host`, and its long-syntax ports with
 * `mode: host` and a published port (short-syntax ports go through the ingress mesh).
 */
export function composeServiceNetworking(compose: ComposeFile, name: string): ServiceNetworking {
  const service = (compose.document.get('services') as YAMLMap).get(name)
  if (!isMap(service)) return { hostNetwork: false, hostPorts: [] }
  const declared = compose.document.get('networks')
  const networks = service.get('networks')
  const keys = isMap(networks)
    ? networks.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    : isSeq(networks)
      ? networks.items.map((item) => String(isScalar(item) ? item.value : item))
      : []
  const hostNetwork = keys.some((key) => {
    const network = isMap(declared) ? declared.get(key) : undefined
    if (!isMap(network)) return false
    const external = network.get('external')
    const externalName = isMap(external) ? external.get('name') : undefined
    const isExternal = external === true || isMap(external)
    return isExternal && (network.get('name') ?? externalName ?? key) === 'host'
  })
  const ports = service.get('ports')
  const hostPorts = isSeq(ports)
    ? ports.items.flatMap((port) => {
        if (!isMap(port) || port.get('mode') !== 'host') return []
        const published = Number(port.get('published'))
        return Number.isInteger(published) && published > 0 ? [published] : []
      })
    : []
  return { hostNetwork, hostPorts }
}

/** The service's own deploy.update_config (only its order matters here); undefined when it sets none. */
export function composeUpdateConfig(
  compose: ComposeFile,
  name: string,
): { readonly order?: string } | undefined {
  const config = compose.document.getIn(['services', name, 'deploy', 'update_config'], true)
  if (!isMap(config)) return undefined
  const order = config.get('order')
  return { order: typeof order === 'string' ? order : undefined }
}
