import { join } from 'node:path'
import { UserError, type Logger } from '@pipeline-kit/common'
import { retryRegistryOperation, type DockerRunner } from '@pipeline-kit/docker'
import type { ImageMetadata } from '@pipeline-kit/image-meta'
import { buildxCommand, classicCommand } from './build-command'
import { buildImage, checkBuildInputs, inspectImage, pushReferences } from './build-image'
import type { BuildEngine, BuildOptions } from './build-options'
import type { SecretList } from './docker'
import { chooseBuildEngine, type EnginePreference } from './engine'
import { loginRegistries, type RegistryLogin } from './login'
import type { SecretScanResult } from './secret-scan'

export type PushMode = 'auto' | 'true' | 'false'
export type ScanMode = 'off' | 'warn' | 'fail'

/** `push: auto` pushes on every event except pull requests (their code is not trusted yet). */
export function shouldPush(mode: PushMode, isPullRequest: boolean): boolean {
  return mode === 'auto' ? !isPullRequest : mode === 'true'
}

export interface ImageBuildRequest {
  readonly metadata: ImageMetadata
  readonly build: BuildOptions
  readonly push: boolean
  readonly engine: EnginePreference
  readonly logins: readonly RegistryLogin[]
  readonly scan: ScanMode
  /** The workspace; relative context and file paths start here. */
  readonly cwd: string
  /** A private folder for the image id and metadata files. */
  readonly tempDir: string
}

export interface ImageBuildDeps {
  readonly docker: DockerRunner
  readonly secrets: SecretList
  readonly log: Logger
  /** Called after each successful login, so the post step can log out. */
  readonly onLoggedIn?: (registry: string) => void
  readonly scanImage?: (image: string) => Promise<SecretScanResult>
}

export interface ImageBuildResult {
  readonly engine: BuildEngine
  readonly engineReason: string
  readonly ignored: readonly string[]
  readonly imageId: string
  /** The manifest digest from the registry; '' when nothing was pushed. */
  readonly digest: string
  readonly digests: Readonly<Record<string, string>>
  readonly pushed: boolean
  readonly version: string
  readonly tags: readonly string[]
  readonly references: readonly string[]
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: readonly string[]
  readonly sizeBytes?: number
  readonly buildMs: number
  readonly pushMs: number
  readonly scan?: SecretScanResult
  readonly notes: readonly string[]
}

/**
 * Login → build (buildx or classic) → secret scan → push → inspect. Every option the
 * engine cannot honour is reported as a warning; the digest comes from the registry.
 */
export async function runImageBuild(
  request: ImageBuildRequest,
  deps: ImageBuildDeps,
): Promise<ImageBuildResult> {
  const { metadata, build } = request
  const { docker, secrets, log } = deps
  checkBuildInputs(build, request.cwd)
  for (const note of metadata.notes) log.info(note)
  // engine detection runs while the logins do; its error (if any) surfaces at the await
  const engine = chooseBuildEngine(docker, request.engine)
  engine.catch(() => {})
  await loginRegistries(docker, request.logins, secrets, log, deps.onLoggedIn)

  const choice = await engine
  const files = {
    iidFile: join(request.tempDir, 'iid'),
    metadataFile: join(request.tempDir, 'build-metadata.json'),
  }
  const target = {
    references: metadata.references,
    labels: metadata.labels,
    annotations: metadata.annotations,
  }
  const pushInBuild = request.push && (request.scan !== 'fail' || build.platforms.length > 1)
  const command =
    choice.engine === 'buildx'
      ? buildxCommand(
          build,
          target,
          files,
          pushInBuild,
          choice.driver !== undefined && choice.driver !== 'docker',
        )
      : classicCommand(build, target, files)
  log.info(
    `Build engine: ${choice.engine === 'buildx' ? 'BuildKit (docker buildx build)' : 'classic docker build'} — ${choice.reason}`,
  )
  if (command.ignored.length) {
    log.warning(
      `The ${choice.engine === 'buildx' ? 'buildx' : 'classic'} build ignores ${command.ignored.length} option(s): ${command.ignored.join('; ')}`,
    )
  }
  for (const image of command.pullFirst) {
    const pulled = await retryRegistryOperation(
      `docker pull ${image}`,
      () => docker(['pull', '--quiet', image], { okExitCodes: 'any', timeoutMs: 30 * 60_000 }),
      { log },
    )
    if (pulled.exitCode === 0) log.info(`Pulled the cache image ${image}`)
    else
      log.info(
        `Cache image ${image} not pulled (${pulled.stderr.trim().split('\n').pop()}); building without it`,
      )
  }
  const built = await buildImage(docker, command, files, secrets, log, request.cwd)
  log.info(`Built ${built.imageId} in ${(built.durationMs / 1000).toFixed(1)}s`)
  // size and labels for the summary, read while the scan and the push run
  const details = inspectImage(docker, built.imageId)
  details.catch(() => {})

  let scan: SecretScanResult | undefined
  const notes = [...metadata.notes]
  if (request.scan !== 'off') {
    if (!deps.scanImage) throw new Error('scan requested without a scanner')
    try {
      scan = await deps.scanImage(built.imageId)
      reportFindings(scan, log)
    } catch (error) {
      if (request.scan === 'fail') throw error
      notes.push(`secret scan skipped: ${(error as Error).message}`)
      log.warning(`Secret scan skipped: ${(error as Error).message}`)
    }
    if (request.scan === 'fail' && scan && scan.findings.length > 0) {
      throw new UserError(
        `The image contains ${scan.findings.length} file(s) that look like secrets (scan-secrets: fail); nothing was pushed: ` +
          scan.findings.map((f) => `${f.path} (${f.reason}, layer ${f.layer})`).join(', '),
      )
    }
  }

  let digest = built.digest ?? ''
  let digests: Record<string, string> = {}
  let pushMs = 0
  if (request.push && !command.pushes) {
    const pushed = await pushReferences(docker, metadata.references, secrets, log)
    digest = pushed.digest
    digests = pushed.digests
    pushMs = pushed.durationMs
  } else if (command.pushes) {
    digests = Object.fromEntries(metadata.references.map((r) => [r, digest]))
    if (!digest) log.warning('buildx pushed the image but reported no digest')
  }
  if (request.push) log.info(`Pushed ${metadata.references.length} reference(s), digest ${digest}`)
  else log.info('Not pushed (push is false, or auto on a pull request)')

  const { sizeBytes } = await details
  return {
    engine: choice.engine,
    engineReason: choice.reason,
    ignored: command.ignored,
    imageId: built.imageId,
    digest,
    digests,
    pushed: request.push,
    version: metadata.version,
    tags: metadata.tags,
    references: metadata.references,
    labels: metadata.labels,
    annotations: metadata.annotations,
    sizeBytes,
    buildMs: built.durationMs,
    pushMs,
    scan,
    notes,
  }
}

function reportFindings(scan: SecretScanResult, log: Logger): void {
  if (scan.findings.length === 0) {
    log.info(`Secret scan: nothing found in ${scan.filesScanned} file(s) across ${scan.layers} layer(s)`)
    return
  }
  // info lines only: the action turns findings into (capped) warning annotations
  log.info(`Secret scan: ${scan.findings.length} possible secret(s) in ${scan.layers} layer(s)`)
  for (const f of scan.findings) {
    log.info(
      `Image layer ${f.layer}${f.createdBy ? ` (${f.createdBy.slice(0, 80)})` : ''} contains ${f.path}: ${f.reason}` +
        (f.removedLater
          ? ' — deleted by a later layer, but still in the pushed layer; remove it before it is copied in (.dockerignore)'
          : ''),
    )
  }
}

/** The `metadata` output: everything about the build as one JSON document. */
export function describeBuild(result: ImageBuildResult): Record<string, unknown> {
  return {
    version: result.version,
    tags: result.tags,
    references: result.references,
    labels: result.labels,
    annotations: result.annotations,
    imageId: result.imageId,
    digest: result.digest || undefined,
    digests: result.digests,
    pushed: result.pushed,
    engine: result.engine,
    ignoredOptions: result.ignored,
    sizeBytes: result.sizeBytes,
    buildMs: Math.round(result.buildMs),
    pushMs: Math.round(result.pushMs),
    secretFindings: result.scan?.findings,
    notes: result.notes,
  }
}
