import { join } from 'node:path'
import type { BuildCommand, BuildOptions, BuildTarget } from './build-options'

export interface BuildFiles {
  /** Where the engine writes the image id. */
  readonly iidFile: string
  /** Where buildx writes its metadata (digest). */
  readonly metadataFile: string
}

/** Parses `key=value,key=value` (the BuildKit cache/secret attribute syntax). */
export function parseCsvAttributes(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const part of text.split(',')) {
    const at = part.indexOf('=')
    if (at > 0) result[part.slice(0, at).trim()] = part.slice(at + 1).trim()
  }
  return result
}

function commonArgs(options: BuildOptions, target: BuildTarget, files: BuildFiles): string[] {
  const args = ['--file', options.file ?? join(options.context, 'Dockerfile'), '--iidfile', files.iidFile]
  if (options.target) args.push('--target', options.target)
  for (const [key, value] of Object.entries(options.buildArgs)) args.push('--build-arg', `${key}=${value}`)
  for (const [key, value] of Object.entries(target.labels)) args.push('--label', `${key}=${value}`)
  for (const reference of target.references) args.push('--tag', reference)
  if (options.pull) args.push('--pull')
  if (options.noCache) args.push('--no-cache')
  return args
}

/**
 * `docker buildx build`: BuildKit with platforms, cache import/export (the GitHub
 * Actions backend reads ACTIONS_CACHE_URL / ACTIONS_RUNTIME_TOKEN from the environment),
 * provenance, SBOM and `--secret id=…,env=…` so secret values stay out of argv.
 * `canAnnotate` is false for the `docker` driver, which cannot write manifest annotations.
 */
export function buildxCommand(
  options: BuildOptions,
  target: BuildTarget,
  files: BuildFiles,
  push: boolean,
  canAnnotate: boolean,
): BuildCommand {
  const args = [
    'buildx',
    'build',
    ...commonArgs(options, target, files),
    '--metadata-file',
    files.metadataFile,
  ]
  const env: Record<string, string> = {}
  const ignored: string[] = []
  if (options.platforms.length) args.push('--platform', options.platforms.join(','))
  for (const from of options.cacheFrom) args.push('--cache-from', from)
  for (const to of options.cacheTo) args.push('--cache-to', to)
  if (options.provenance !== undefined) args.push(`--provenance=${options.provenance}`)
  if (options.sbom !== undefined) args.push(`--sbom=${options.sbom}`)
  Object.entries(options.secrets).forEach(([id, value], index) => {
    const name = `PK_BUILD_SECRET_${index}`
    env[name] = value
    args.push('--secret', `id=${id},env=${name}`)
  })
  if (canAnnotate) for (const annotation of target.annotations) args.push('--annotation', annotation)
  else if (target.annotations.length)
    ignored.push('annotations (the buildx docker driver cannot write manifest annotations; labels are set)')
  if (push) args.push('--push')
  else if (options.platforms.length <= 1) args.push('--load')
  else
    ignored.push(
      'load (a multi-platform image cannot be loaded into the local image store; it stays in the build cache)',
    )
  args.push(options.context)
  return { engine: 'buildx', args, env, ignored, pushes: push, pullFirst: [] }
}

/**
 * The classic builder (`docker build` with DOCKER_BUILDKIT=0), for engines without buildx.
 * What it cannot do is listed in `ignored` with the reason; registry caches become
 * `--cache-from <image>`, which the classic builder understands.
 */
export function classicCommand(options: BuildOptions, target: BuildTarget, files: BuildFiles): BuildCommand {
  // --force-rm: a failed step's container is removed too, never left behind on the runner
  const args = ['build', '--force-rm', ...commonArgs(options, target, files)]
  const ignored: string[] = []
  const pullFirst: string[] = []
  if (options.platforms.length)
    ignored.push(
      `platforms ${options.platforms.join(',')} (the classic builder builds for the engine's platform)`,
    )
  for (const from of options.cacheFrom) {
    const attrs = parseCsvAttributes(from)
    const ref = attrs.type === 'registry' ? attrs.ref : !from.includes('=') ? from : undefined
    if (ref) {
      args.push('--cache-from', ref)
      pullFirst.push(ref)
    } else
      ignored.push(
        `cache-from ${from} (the classic builder only reads cache from images: type=registry,ref=…)`,
      )
  }
  for (const to of options.cacheTo) ignored.push(`cache-to ${to} (the classic builder cannot export a cache)`)
  if (options.provenance !== undefined) ignored.push('provenance (needs BuildKit)')
  if (options.sbom !== undefined) ignored.push('sbom (needs BuildKit)')
  for (const id of Object.keys(options.secrets)) {
    ignored.push(`secret ${id} (build secrets need BuildKit; a RUN --mount=type=secret step will fail)`)
  }
  if (target.annotations.length)
    ignored.push('annotations (the classic builder writes no manifest annotations; labels are set)')
  args.push(options.context)
  return { engine: 'classic', args, env: { DOCKER_BUILDKIT: '0' }, ignored, pushes: false, pullFirst }
}
