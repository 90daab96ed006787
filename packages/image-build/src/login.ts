import { UserError, type Logger } from '@pipeline-kit/common'
import { describeAttempts, retryRegistryOperation, type DockerRunner } from '@pipeline-kit/docker'
import { outputTail, type SecretList } from './docker'

/** One registry login; the password (or token) only ever goes to stdin. */
export interface RegistryLogin {
  readonly registry: string
  readonly username: string
  readonly password: string
}

/**
 * Logs in to each registry with `docker login --password-stdin`. Returns the registries
 * logged in so far even when a later one fails (the post step logs them out).
 */
export async function loginRegistries(
  docker: DockerRunner,
  logins: readonly RegistryLogin[],
  secrets: SecretList,
  log: Logger,
  onLoggedIn: (registry: string) => void = () => {},
): Promise<string[]> {
  const done: string[] = []
  for (const login of logins) {
    secrets.add(login.password)
    const result = await retryRegistryOperation(
      `docker login ${login.registry}`,
      () =>
        docker(['login', '--username', login.username, '--password-stdin', '--', login.registry], {
          input: login.password,
          okExitCodes: 'any',
          timeoutMs: 120_000,
        }),
      { log },
    )
    if (result.exitCode !== 0) {
      const detail = outputTail(result, secrets, 5)
      throw new UserError(
        `Login to ${login.registry} as ${login.username} failed${describeAttempts(result.attempts)}: ${explainLoginFailure(detail)}\n${detail}`,
      )
    }
    done.push(login.registry)
    onLoggedIn(login.registry)
    log.info(`Logged in to ${login.registry} as ${login.username}`)
  }
  return done
}

function explainLoginFailure(detail: string): string {
  if (/unauthorized|authentication required|incorrect username or password|denied/i.test(detail)) {
    return 'the registry refused the credentials; check the username and the password or token secret'
  }
  if (/connection refused|no such host|i\/o timeout|timeout|network is unreachable|EOF/i.test(detail)) {
    return 'the registry could not be reached; check the registry host and port and that it is up'
  }
  if (/http: server gave HTTP response to HTTPS client/i.test(detail)) {
    return 'the registry speaks plain HTTP; the engine only allows that for insecure-registries or 127.0.0.0/8'
  }
  return 'docker login failed'
}

/** Logs out of each registry (the post step); failures are logged, never thrown. */
export async function logoutRegistries(
  docker: DockerRunner,
  registries: readonly string[],
  log: Logger,
): Promise<void> {
  for (const registry of registries) {
    const result = await docker(['logout', '--', registry], { okExitCodes: 'any', timeoutMs: 60_000 })
    if (result.exitCode === 0) log.info(`Logged out of ${registry}`)
    else log.warning(`Logout of ${registry} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`)
  }
}
