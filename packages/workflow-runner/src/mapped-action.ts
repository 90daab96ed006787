import type { UsesTarget } from './resolve-uses'
import type { RunContext } from './run-context'
import {
  checkoutCopy,
  checkToolchain,
  downloadArtifact,
  hasToolchainCheck,
  uploadArtifact,
  type LocalEquivalent,
} from './third-party'

/** The kinds of `uses:` target that have a local equivalent. */
export type MappedTarget = Extract<
  UsesTarget,
  { kind: 'checkout' | 'setup' | 'upload-artifact' | 'download-artifact' }
>

/**
 * Whether a third-party action is one the runner carries out by a local equivalent
 * (a setup-* action only when there is a local check for its tool).
 */
export function isMappedTarget(target: UsesTarget): target is MappedTarget {
  if (target.kind === 'setup') return hasToolchainCheck(target.tool)
  return ['checkout', 'upload-artifact', 'download-artifact'].includes(target.kind)
}

/**
 * Carries out a known third-party action locally: actions/checkout copies the working
 * tree, setup-* checks the local toolchain, the artifact actions copy through the run's
 * artifacts folder.
 */
export async function runMappedAction(
  run: RunContext,
  workspace: string,
  target: MappedTarget,
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
): Promise<LocalEquivalent> {
  switch (target.kind) {
    case 'checkout':
      return checkoutCopy(run.options.source, workspace, inputs.path ?? '')
    case 'setup':
      return checkToolchain(target.tool, target.action, inputs, {
        ...process.env,
        ...run.options.env,
        ...env,
      } as Record<string, string>)
    case 'upload-artifact':
      return uploadArtifact(run.artifactsDir, workspace, inputs)
    case 'download-artifact':
      return downloadArtifact(run.artifactsDir, workspace, inputs)
  }
}
