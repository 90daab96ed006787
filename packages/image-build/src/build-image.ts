import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { UserError, type Logger } from '@pipeline-kit/common'
import { describeAttempts, retryRegistryOperation, type DockerRunner } from '@pipeline-kit/docker'
import type { BuildCommand, BuildOptions } from './build-options'
import { outputTail, type SecretList } from './docker'

const BUILD_TIMEOUT_MS = 6 * 3_600_000

/** Fails early, naming the input, when the context or the Dockerfile is missing. */
export function checkBuildInputs(options: BuildOptions, cwd: string): void {
  const context = resolve(cwd, options.context)
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new UserError(
      `Input 'context' is '${options.context}', which is not a directory (resolved to ${context})`,
    )
  }
  const file = resolve(cwd, options.file ?? join(options.context, 'Dockerfile'))
  if (!existsSync(file)) {
    throw new UserError(
      `${options.file ? `Input 'file' is '${options.file}'` : `No Dockerfile in the context '${options.context}'`}: ${file} does not exist. ` +
        `Set 'file' to the Dockerfile's path (relative to the workspace) or 'context' to the folder that holds it.`,
      { file: options.file ?? join(options.context, 'Dockerfile') },
    )
  }
}

export interface BuiltImage {
  readonly imageId: string
  /** The pushed manifest digest when the build pushed (buildx --push). */
  readonly digest?: string
  readonly durationMs: number
}

/** Runs the build, streaming its output into a log group; a failure names the failing step. */
export async function buildImage(
  docker: DockerRunner,
  command: BuildCommand,
  files: { iidFile: string; metadataFile: string },
  secrets: SecretList,
  log: Logger,
  cwd: string,
): Promise<BuiltImage> {
  const label = command.engine === 'buildx' ? 'docker buildx build' : 'docker build (classic builder)'
  const result = await docker(command.args, {
    env: command.env,
    logger: log,
    groupName: label,
    okExitCodes: 'any',
    timeoutMs: BUILD_TIMEOUT_MS,
    cwd,
  })
  if (result.exitCode !== 0 || result.timedOut) {
    const tail = outputTail(result, secrets, 12)
    throw new UserError(
      `${label} failed (${result.timedOut ? 'timed out' : `exit ${result.exitCode}`}): ${explainBuildFailure(tail)}\n${tail}`,
    )
  }
  const imageId = existsSync(files.iidFile) ? readFileSync(files.iidFile, 'utf8').trim() : ''
  if (!imageId) throw new Error(`${label} succeeded but wrote no image id to ${files.iidFile}`)
  let digest: string | undefined
  if (command.engine === 'buildx' && existsSync(files.metadataFile)) {
    try {
      const metadata = JSON.parse(readFileSync(files.metadataFile, 'utf8')) as Record<string, unknown>
      if (typeof metadata['containerimage.digest'] === 'string') digest = metadata['containerimage.digest']
    } catch {}
  }
  return { imageId, digest: command.pushes ? digest : undefined, durationMs: result.durationMs }
}

/** The failing step of a build log (BuildKit or classic), or a generic hint. */
export function explainBuildFailure(output: string): string {
  const classic = /The command '(.+)' returned a non-zero code: (\d+)/.exec(output)
  if (classic) return `the step \`${classic[1]}\` exited with code ${classic[2]}`
  const kit = /process "(.+?)" did not complete successfully: exit code: (\d+)/.exec(output)
  if (kit) return `the step \`${kit[1]}\` exited with code ${kit[2]}`
  const missing = /(?:COPY|ADD) failed: (.+)|failed to compute cache key: (.+)/.exec(output)
  if (missing) return `a COPY/ADD source is missing: ${(missing[1] ?? missing[2])!.trim()}`
  if (
    /pull access denied|manifest unknown|not found: manifest|failed to resolve source metadata/i.test(output)
  ) {
    return 'a base image could not be pulled (is it built locally or are you logged in to its registry?)'
  }
  if (/dockerfile parse error|unknown instruction/i.test(output)) return 'the Dockerfile does not parse'
  return 'see the build log above'
}

export interface PushResult {
  /** The manifest digest the registry reported for each reference. */
  readonly digests: Readonly<Record<string, string>>
  /** The digest all references share (they are the same image). */
  readonly digest: string
  readonly durationMs: number
}

/**
 * Pushes every reference and reads the manifest digest the registry acknowledged
 * ("<tag>: digest: sha256:… size: …"). References in different registries must agree.
 */
export async function pushReferences(
  docker: DockerRunner,
  references: readonly string[],
  secrets: SecretList,
  log: Logger,
): Promise<PushResult> {
  const started = performance.now()
  const digests: Record<string, string> = {}
  for (const reference of references) {
    const result = await retryRegistryOperation(
      `docker push ${reference}`,
      () =>
        docker(['push', reference], {
          logger: log,
          groupName: `docker push ${reference}`,
          okExitCodes: 'any',
          timeoutMs: 3_600_000,
        }),
      { log },
    )
    const tail = outputTail(result, secrets, 8)
    if (result.exitCode !== 0)
      throw new UserError(
        `Push of ${reference} failed${describeAttempts(result.attempts)}: ${explainPushFailure(tail)}\n${tail}`,
      )
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(result.stdout)?.[1]
    if (!digest) throw new Error(`docker push ${reference} succeeded but printed no digest:\n${tail}`)
    digests[reference] = digest
  }
  const distinct = [...new Set(Object.values(digests))]
  if (distinct.length > 1) {
    log.warning(`The registries reported different digests for the same image: ${JSON.stringify(digests)}`)
  }
  return { digests, digest: distinct[0] ?? '', durationMs: performance.now() - started }
}

function explainPushFailure(output: string): string {
  if (/unauthorized|authentication required|denied|no basic auth credentials/i.test(output)) {
    return 'the registry refused the push: log in (username/password inputs) with an account that may push to this repository'
  }
  if (/connection refused|no such host|i\/o timeout|network is unreachable/i.test(output)) {
    return 'the registry could not be reached'
  }
  return 'docker push failed'
}

export interface ImageDetails {
  readonly sizeBytes?: number
  readonly labels: Readonly<Record<string, string>>
  readonly repoDigests: readonly string[]
}

/** Size, labels and repository digests of a local image; empty when it is not local. */
export async function inspectImage(docker: DockerRunner, image: string): Promise<ImageDetails> {
  const result = await docker(['image', 'inspect', '--format', '{{json .}}', image], {
    okExitCodes: 'any',
    timeoutMs: 60_000,
  })
  if (result.exitCode !== 0) return { labels: {}, repoDigests: [] }
  const data = JSON.parse(result.stdout) as {
    Size?: number
    Config?: { Labels?: Record<string, string> | null }
    RepoDigests?: string[]
  }
  return { sizeBytes: data.Size, labels: data.Config?.Labels ?? {}, repoDigests: data.RepoDigests ?? [] }
}
