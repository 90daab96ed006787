/**
 * A GitHub API request that failed for good: after the client's retries for a server error,
 * a network error or a timeout, or at once for an answer that retrying cannot change (4xx).
 * `status` is the HTTP status when the API answered; `detail` says what happened in a few
 * words ("500", "getaddrinfo ENOTFOUND api.example", "no answer within 30s").
 */
export class ApiRequestError extends Error {
  readonly detail: string
  readonly attempts: number
  readonly status?: number
  /** The last answer, when there was one (octokit's `{ status, headers, data }`). */
  readonly response?: unknown
  constructor(
    detail: string,
    options: { attempts: number; status?: number; response?: unknown; cause?: unknown },
  ) {
    super(options.attempts > 1 ? `${detail} after ${options.attempts} attempts` : detail, {
      cause: options.cause,
    })
    this.name = 'ApiRequestError'
    this.detail = detail
    this.attempts = options.attempts
    this.status = options.status
    this.response = options.response
  }
}

/** A named API call that failed: `Could not <call>: <what happened>`. */
export class ApiCallError extends Error {
  readonly call: string
  readonly status?: number
  constructor(call: string, reason: string, options: { status?: number; cause?: unknown } = {}) {
    super(`Could not ${call}: ${reason}`, { cause: options.cause })
    this.name = 'ApiCallError'
    this.call = call
    this.status = options.status
  }
}

/** True for an ApiCallError, including one thrown from another copy of this module. */
export function isApiCallError(error: unknown): error is ApiCallError {
  return error instanceof ApiCallError || (error instanceof Error && error.name === 'ApiCallError')
}

/** The HTTP status of a failed request (octokit's RequestError, ApiRequestError), if it had one. */
export function errorStatus(error: unknown): number | undefined {
  const status =
    typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined
  return typeof status === 'number' ? status : undefined
}

/**
 * What went wrong with a request, in the words of `Could not <call>: …`: the client's own
 * account after its retries ("500 after 4 attempts"), else the status and GitHub's message
 * ("422 Validation Failed"), else the error's message.
 */
export function describeApiFailure(error: unknown): string {
  if (error instanceof ApiRequestError || (error instanceof Error && error.name === 'ApiRequestError'))
    return error.message
  const message = error instanceof Error ? error.message : String(error)
  const status = errorStatus(error)
  if (status === undefined) return message
  return message && message !== String(status) ? `${status} ${message}` : String(status)
}

/**
 * Runs one API call under a name a user recognises (`publish check run 'Test results'`), so
 * a failure reads `Could not publish check run 'Test results': 500 after 4 attempts` rather
 * than a bare client message. The status stays on the error for callers that branch on it.
 */
export async function apiCall<T>(call: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (isApiCallError(error)) throw error
    throw new ApiCallError(call, describeApiFailure(error), { status: errorStatus(error), cause: error })
  }
}
