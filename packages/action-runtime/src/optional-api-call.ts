import { apiCall, type ApiCallError, type Logger } from '@pipeline-kit/common'

export type OptionalCallResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiCallError }

/**
 * Runs an API call the step's results do not depend on (a check run, a pull-request
 * comment), named as apiCall names it. With `failStep` false (the `fail-on-api-error`
 * default) a failure is one warning and the step goes on, its verdict left to the tests or
 * findings; with true it is returned without a word, for the caller to throw once the
 * outputs and the job summary are written.
 */
export async function runOptionalApiCall<T>(
  call: string,
  fn: () => Promise<T>,
  options: { readonly log: Logger; readonly failStep: boolean },
): Promise<OptionalCallResult<T>> {
  try {
    return { ok: true, value: await apiCall(call, fn) }
  } catch (error) {
    const failure = error as ApiCallError
    if (!options.failStep) options.log.warning(failure.message)
    return { ok: false, error: failure }
  }
}
