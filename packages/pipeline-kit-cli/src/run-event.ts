import { UserError } from '@pipeline-kit/common'
import {
  createPushPayload,
  repositoryPayload,
  senderPayload,
  type HeadCommit,
  type WorkflowPlan,
} from '@pipeline-kit/workflow-runner'
import type { RunArgs } from './parse-run-args'

/** What the local repository says about itself (read by `readGitFacts`). */
export interface GitFacts {
  /** The checked-out branch; undefined when HEAD is detached. */
  readonly branch?: string
  readonly defaultBranch: string
  /** `owner/name` from the origin remote, or a stand-in. */
  readonly repository: string
  readonly head?: HeadCommit
  /** The local user, the actor when neither --actor nor the payload's sender says. */
  readonly user: string
}

/** The event and the github-context overrides handed to runWorkflow. */
export interface RunEvent {
  readonly event: { readonly name: string; readonly payload: Record<string, unknown> }
  readonly repository: string
  readonly ref?: string
  readonly sha?: string
  readonly warnings: readonly string[]
}

const ZERO_SHA = '0000000000000000000000000000000000000000'

/**
 * The event of a local run: the payload from --event-file when given (its sender replaced
 * by --actor), otherwise one generated as GitHub would deliver it — a full push payload
 * for `push` (the checked-out branch and HEAD commit unless --ref/--sha say otherwise),
 * `inputs`/`ref` for `workflow_dispatch`, repository and sender for any other event.
 */
export function buildRunEvent(args: RunArgs, facts: GitFacts, filePayload?: unknown): RunEvent {
  const name = args.event ?? 'push'
  const warnings: string[] = []
  if (filePayload !== undefined) {
    if (typeof filePayload !== 'object' || filePayload === null || Array.isArray(filePayload))
      throw new UserError(`--event-file ${args.eventFile}: expected a JSON object (a webhook payload)`)
    const payload = { ...(filePayload as Record<string, unknown>) }
    if (args.actor) payload.sender = { ...asRecord(payload.sender), ...senderPayload(args.actor) }
    const fromFile = asRecord(payload.repository).full_name
    return {
      event: { name, payload },
      repository: args.repository ?? (typeof fromFile === 'string' ? fromFile : facts.repository),
      ref: args.ref,
      sha: args.sha,
      warnings,
    }
  }
  const repository = args.repository ?? facts.repository
  const actor = args.actor ?? facts.user
  const ref = args.ref ?? `refs/heads/${facts.branch ?? facts.defaultBranch}`
  const sha = args.sha ?? facts.head?.sha ?? ZERO_SHA
  let payload: Record<string, unknown>
  if (name === 'push') {
    payload = createPushPayload({
      ref,
      sha,
      repository,
      defaultBranch: facts.defaultBranch,
      actor,
      commit: facts.head?.sha === sha ? facts.head : undefined,
    })
  } else {
    payload = {
      ...(name === 'workflow_dispatch' ? { inputs: { ...args.inputs }, ref } : {}),
      repository: repositoryPayload(repository, facts.defaultBranch),
      sender: senderPayload(actor),
    }
    if (name !== 'workflow_dispatch')
      warnings.push(
        `--event ${name} without --event-file: github.event has only repository and sender; pass the payload GitHub would send with --event-file`,
      )
  }
  return { event: { name, payload }, repository, ref, sha, warnings }
}

/**
 * GitHub runs a workflow only for the events under its `on:`; an explicit --event it
 * does not list is refused rather than run with a verdict GitHub would never give.
 */
export function checkTriggeredBy(plan: WorkflowPlan, args: RunArgs): void {
  if (args.event === undefined || plan.events.includes(args.event)) return
  throw new UserError(
    `--event ${args.event}: ${plan.file} does not run on ${args.event} (on: ${plan.events.join(', ') || 'nothing'})`,
  )
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
