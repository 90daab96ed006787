/** Where in a file a user-facing problem sits, so it can become an annotation. */
export interface FileLocation {
  readonly file: string
  readonly line?: number
  readonly column?: number
}

/**
 * A mistake the user can fix (a bad input, a malformed report, a missing tool).
 * runAction prints its message as one line, without a stack trace.
 */
export class UserError extends Error {
  readonly location?: FileLocation
  constructor(message: string, location?: FileLocation) {
    super(message)
    this.name = 'UserError'
    this.location = location
  }
}

/** True for a UserError, including one thrown from another copy of this module. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && error.name === 'UserError')
}

/** The message of any thrown value, never "undefined" or "[object Object]". */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}
