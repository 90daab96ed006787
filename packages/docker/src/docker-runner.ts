import { runProcess, type Logger, type ProcessResult } from '@pipeline-kit/common'
import { retryRegistryOperation } from './registry-retry'

/** Options of one docker CLI call; values that may be secret travel in `env` or `input`, never in argv. */
export interface DockerCallOptions {
  /** Written to stdin, then closed: how a password reaches `docker login`. */
  readonly input?: string
  /** Extra environment for this call (e.g. values for `-e NAME` or `--secret id=…,env=…`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly okExitCodes?: readonly number[] | 'any'
  readonly timeoutMs?: number
  /** Stream output lines to this logger, inside a group when groupName is set. */
  readonly logger?: Logger
  readonly groupName?: string
  readonly cwd?: string
  /**
   * Names a registry operation (`docker pull app:1`): its transient registry failures
   * (5xx, 429, resets, refusals, timeouts) are retried with backoff, each attempt logged
   * under this name.
   */
  readonly registryOperation?: string
}

/** What a docker call returns; `attempts` is set for a registryOperation. */
export type DockerResult = ProcessResult & { readonly attempts?: number }

/** Runs the docker CLI with an argument array (never a shell); injected in unit tests. */
export type DockerRunner = (args: readonly string[], options?: DockerCallOptions) => Promise<DockerResult>

/** How createDockerRunner binds the CLI: environment, secrets, defaults. */
export interface DockerRunnerSettings {
  /** Added to every call (DOCKER_HOST, DOCKER_CONFIG, PATH …); undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Values replaced by *** in streamed lines and error messages; read at each call. */
  readonly secrets?: () => readonly string[]
  /** Timeout of a call that sets none. */
  readonly defaultTimeoutMs?: number
  /** Where registry retries are logged; without it registryOperation is not retried. */
  readonly retryLog?: Logger
  /** Turns a thrown failure into a clearer error (e.g. an unreachable engine). */
  readonly explainFailure?: (error: unknown) => unknown
}

/** Ten minutes: a build or a pull of a large image. */
export const DEFAULT_DOCKER_TIMEOUT_MS = 10 * 60_000

/**
 * The real docker CLI, run from an argument array with the given settings. The one
 * place (with streamImageSave) that spawns `docker`.
 */
export function createDockerRunner(settings: DockerRunnerSettings = {}): DockerRunner {
  return (args, options = {}) => {
    const once = () =>
      runProcess('docker', args, {
        env: { ...settings.env, ...options.env },
        input: options.input,
        okExitCodes: options.okExitCodes,
        timeoutMs: options.timeoutMs ?? settings.defaultTimeoutMs ?? DEFAULT_DOCKER_TIMEOUT_MS,
        logger: options.logger,
        groupName: options.groupName,
        cwd: options.cwd,
        redact: settings.secrets?.() ?? [],
      })
    const attempts =
      options.registryOperation && settings.retryLog
        ? retryRegistryOperation(options.registryOperation, once, { log: settings.retryLog })
        : once()
    const explain = settings.explainFailure
    return explain
      ? attempts.catch((error: unknown) => {
          throw explain(error)
        })
      : attempts
  }
}
