import type { ActionContext } from '@pipeline-kit/action-runtime'
import type { DockerPending } from '@pipeline-kit/deploy-docker'
import type { SshPending } from '@pipeline-kit/deploy-ssh'
import type { RollbackJournal } from '@pipeline-kit/deployments'

/** What the main step leaves the post step in GITHUB_STATE. */
export const STATE = {
  /** The private folder under RUNNER_TEMP holding keys and env files. */
  tempDir: 'deploy-temp-dir',
  /** A switch not yet verified or undone, as JSON; empty once settled. */
  pending: 'deploy-pending',
  /** The GitHub deployment, so the post step can mark an interrupted one failed. */
  deploymentId: 'deploy-deployment-id',
} as const

/** An unfinished switch as the post step reads it back. */
export type PendingSwitch =
  | { readonly provider: 'ssh'; readonly pending: SshPending }
  | { readonly provider: 'docker'; readonly pending: DockerPending }

/** A provider's journal kept in GITHUB_STATE (appended synchronously, so a kill right after keeps it). */
export function stateJournal<P extends PendingSwitch['provider']>(
  gh: Pick<ActionContext, 'saveState'>,
  provider: P,
): RollbackJournal<Extract<PendingSwitch, { provider: P }>['pending']> {
  return {
    record: (pending) => gh.saveState(STATE.pending, JSON.stringify({ provider, pending })),
    clear: () => gh.saveState(STATE.pending, ''),
  }
}

/** The unfinished switch the main step left, if any. */
export function readPendingSwitch(text: string): PendingSwitch | undefined {
  if (!text) return undefined
  const value = JSON.parse(text) as PendingSwitch
  if ((value.provider !== 'ssh' && value.provider !== 'docker') || !value.pending)
    throw new Error(`Unreadable state ${STATE.pending}: ${text.slice(0, 80)}`)
  return value
}
