import { UserError } from '@pipeline-kit/common'
import type { Timeline } from './timeline'

/** The outcome of a deployment's smoke checks, as every provider receives it. */
export interface VerifyOutcome {
  readonly ok: boolean
  /** Why it failed (or what passed), in a sentence. */
  readonly message: string
}

/** Runs the smoke checks once the new version serves; provided by actions/deploy. */
export type Verify = () => Promise<VerifyOutcome>

/**
 * Runs the smoke checks as the timeline's `verify` step. A failed outcome throws a
 * UserError with its message, which the provider answers by rolling back.
 */
export function runVerifyStep(timeline: Timeline, verify: Verify): Promise<string> {
  return timeline.step(
    'verify',
    async () => {
      const outcome = await verify()
      if (!outcome.ok) throw new UserError(outcome.message)
      return outcome.message
    },
    (message) => message,
  )
}
