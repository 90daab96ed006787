import { inputsFrom, UserError, type InputSource, type SecretInputs } from '@pipeline-kit/action-runtime'
import { splitCommandLine } from '@pipeline-kit/release'

export interface ReleaseInputs {
  /** The raw version input; empty means "from the pushed tag". */
  readonly version?: string
  readonly token: string
  readonly buildCommand?: readonly string[]
  readonly verifyCommand?: readonly string[]
  readonly distPaths: readonly string[]
  readonly releaseBranches: readonly string[]
  readonly allowOlder: boolean
  readonly changelog?: string
  readonly dryRun: boolean
}

/** Inputs holding secrets: masked by runAction before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { 'github-token': 'value' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): ReleaseInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  const build = input.optional('build-command')
  const verify = input.optional('verify-command')
  const inputs: ReleaseInputs = {
    version: input.optional('version'),
    token: input.required('github-token'),
    buildCommand: build ? splitCommandLine('build-command', build) : undefined,
    verifyCommand: verify ? splitCommandLine('verify-command', verify) : undefined,
    distPaths: input.list('dist-paths'),
    releaseBranches: input.list('release-branches'),
    allowOlder: input.boolean('allow-older', false),
    changelog: input.optional('changelog'),
    dryRun: input.boolean('dry-run', false),
  }
  if (!build && !verify) {
    throw new UserError(
      "Inputs 'build-command' and 'verify-command' are both empty: give the command that rebuilds the bundles (e.g. 'npm run bundle'), so the release can prove dist/ is current",
    )
  }
  if (build && verify) {
    throw new UserError("Give either 'build-command' or 'verify-command', not both")
  }
  if (build && inputs.distPaths.length === 0) {
    throw new UserError(
      "Input 'dist-paths' is empty: name the bundle paths 'build-command' must leave unchanged",
    )
  }
  return inputs
}
