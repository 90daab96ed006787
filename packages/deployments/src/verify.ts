/** The outcome of a deployment's smoke checks, as every provider receives it. */
export interface VerifyOutcome {
  readonly ok: boolean
  /** Why it failed (or what passed), in a sentence. */
  readonly message: string
}

/** Runs the smoke checks once the new version serves; provided by actions/deploy. */
export type Verify = () => Promise<VerifyOutcome>
