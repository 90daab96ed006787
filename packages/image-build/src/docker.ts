import { runProcess, type Logger, type ProcessResult } from '@pipeline-kit/common'

export interface DockerCallOptions {
  /** Written to stdin, then closed: how a password reaches `docker login`. */
  readonly input?: string
  /** Extra environment for this call (secret values for `--secret id=…,env=…`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly okExitCodes?: readonly number[] | 'any'
  readonly timeoutMs?: number
  /** Stream output lines to this logger, inside a group when groupName is set. */
  readonly logger?: Logger
  readonly groupName?: string
  readonly cwd?: string
}

/** Runs the docker CLI with an argument array (never a shell); injected in unit tests. */
export type DockerRunner = (args: readonly string[], options?: DockerCallOptions) => Promise<ProcessResult>

/** Values that must never be written anywhere (passwords, tokens, build secrets). */
export class SecretList {
  private readonly values = new Set<string>()
  add(value: string | undefined): void {
    if (value) this.values.add(value)
  }
  get all(): string[] {
    return [...this.values]
  }
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000

/**
 * The real docker CLI. Every secret in `secrets` is replaced by *** in streamed lines and
 * in error messages; `env` is added to every call (e.g. DOCKER_CONFIG).
 */
export function createDockerRunner(
  secrets: SecretList,
  env: Readonly<Record<string, string | undefined>> = {},
): DockerRunner {
  return (args, options = {}) =>
    runProcess('docker', args, {
      env: { ...env, ...options.env },
      input: options.input,
      okExitCodes: options.okExitCodes,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logger: options.logger,
      groupName: options.groupName,
      cwd: options.cwd,
      redact: secrets.all,
    })
}

/** The last lines of a command's output with secrets replaced, for an error message. */
export function outputTail(result: ProcessResult, secrets: SecretList, lines = 15): string {
  const text = `${result.stdout}\n${result.stderr}`
  let out = text
  for (const secret of secrets.all) out = out.split(secret).join('***')
  return out
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-lines)
    .join('\n')
}
