import type { ProcessResult } from '@pipeline-kit/common'
import { createDockerRunner, type DockerRunner } from '@pipeline-kit/docker'

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

/**
 * The docker CLI for a build: every secret in `secrets` is replaced by *** in streamed
 * lines and in error messages; `env` is added to every call (e.g. DOCKER_CONFIG).
 */
export function dockerWithSecrets(
  secrets: SecretList,
  env: Readonly<Record<string, string | undefined>> = {},
): DockerRunner {
  return createDockerRunner({ env, secrets: () => secrets.all })
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
