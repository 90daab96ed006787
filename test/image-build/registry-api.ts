import type { TestRegistry } from '../deploy-swarm/registry'

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ')

export interface RegistryManifest {
  readonly status: number
  /** Docker-Content-Digest of the manifest the tag resolves to. */
  readonly digest?: string
  readonly manifest?: { config?: { digest: string }; layers?: unknown[] }
}

const auth = (registry: TestRegistry) =>
  `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`

/** GET /v2/<name>/manifests/<reference> with basic auth, as a pulling client does. */
export async function getManifest(
  registry: TestRegistry,
  name: string,
  reference: string,
): Promise<RegistryManifest> {
  const response = await fetch(`http://${registry.server}/v2/${name}/manifests/${reference}`, {
    headers: { Accept: MANIFEST_TYPES, Authorization: auth(registry) },
  })
  if (response.status !== 200) return { status: response.status }
  return {
    status: 200,
    digest: response.headers.get('docker-content-digest') ?? undefined,
    manifest: (await response.json()) as RegistryManifest['manifest'],
  }
}

/** The image config blob (labels live under config.Labels). */
export async function getConfigBlob(
  registry: TestRegistry,
  name: string,
  digest: string,
): Promise<{ config?: { Labels?: Record<string, string> } }> {
  const response = await fetch(`http://${registry.server}/v2/${name}/blobs/${digest}`, {
    headers: { Authorization: auth(registry) },
  })
  if (response.status !== 200) throw new Error(`blob ${digest}: HTTP ${response.status}`)
  return (await response.json()) as { config?: { Labels?: Record<string, string> } }
}
