import { UserError } from '@pipeline-kit/common'

/**
 * A deployment that failed after it touched the target. It is a UserError (one clear
 * line in the log) and carries the provider's result, so the action can still report
 * the release, the rollback and the timeline, and mark the deployment failed.
 */
export class DeployError<R> extends UserError {
  readonly result: R
  constructor(message: string, result: R) {
    super(message)
    this.name = 'UserError'
    this.result = result
  }
}

/**
 * Waits for a provider call: its result, or for a DeployError the result the error
 * carries together with the error. Any other failure is rethrown.
 */
export async function settleDeployment<R>(
  run: Promise<R>,
): Promise<{ readonly result: R; readonly error?: DeployError<R> }> {
  try {
    return { result: await run }
  } catch (error) {
    if (error instanceof DeployError) return { result: error.result as R, error: error as DeployError<R> }
    throw error
  }
}
