/** What to build and how; from the action inputs. */
export interface BuildOptions {
  /** Build context directory (absolute or relative to cwd). */
  readonly context: string
  /** Dockerfile path; default <context>/Dockerfile. */
  readonly file?: string
  readonly target?: string
  readonly buildArgs: Readonly<Record<string, string>>
  readonly pull: boolean
  readonly noCache: boolean
  readonly platforms: readonly string[]
  /** BuildKit cache sources, e.g. `type=gha`, `type=registry,ref=ghcr.io/octo/app:cache`. */
  readonly cacheFrom: readonly string[]
  readonly cacheTo: readonly string[]
  /** `--provenance` value (BuildKit), e.g. `mode=max` or `false`. */
  readonly provenance?: string
  /** `--sbom` value (BuildKit), e.g. `true`. */
  readonly sbom?: string
  /** Build secrets by id; values reach BuildKit through the environment, never argv. */
  readonly secrets: Readonly<Record<string, string>>
}

/** The image the build produces: references to tag, labels, annotations. */
export interface BuildTarget {
  readonly references: readonly string[]
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: readonly string[]
}

export type BuildEngine = 'buildx' | 'classic'

/** One docker invocation, ready to run. */
export interface BuildCommand {
  readonly engine: BuildEngine
  readonly args: readonly string[]
  /** Environment for the call (secret values, DOCKER_BUILDKIT). */
  readonly env: Readonly<Record<string, string>>
  /** Options the engine cannot honour, each with the reason (logged, never silent). */
  readonly ignored: readonly string[]
  /** Whether the command itself pushes (buildx --push). */
  readonly pushes: boolean
  /** Cache images to pull first: the classic builder only uses a cache image that is local. */
  readonly pullFirst: readonly string[]
}
