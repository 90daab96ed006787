import { rmSync } from 'node:fs'
import { describeError, UserError, type ActionContext } from '@pipeline-kit/action-runtime'
import { recoverDockerContainer } from '@pipeline-kit/deploy-docker'
import { recoverSshRelease } from '@pipeline-kit/deploy-ssh'
import {
  createPrivateDir,
  describeStep,
  renderDeploySummary,
  resumeDeployment,
  Timeline,
} from '@pipeline-kit/deployments'
import { deploymentRequest } from './deployment-request'
import { parseInputs, type DeployInputs } from './inputs'
import { readPendingSwitch, STATE, type PendingSwitch } from './run-state'

/**
 * The post step (`post-if: always()`): when the main step switched to a new version and
 * never verified or undid it (the job was cancelled or timed out, or the step crashed),
 * it switches back; then it removes the private folder of keys and env files.
 */
export async function post(gh: ActionContext): Promise<void> {
  const folders = [gh.getState(STATE.tempDir)].filter(Boolean)
  try {
    const pending = readPendingSwitch(gh.getState(STATE.pending))
    if (!pending) return
    // runAction masked the secret inputs before this runs, as it does before main.
    const inputs = parseInputs(gh.input, {
      workspace: gh.run.workspace,
      sha: gh.run.sha,
    })
    const tempDir = createPrivateDir('pk-deploy-post-', gh.run.tempDir)
    folders.push(tempDir)
    await rollBackInterrupted(gh, inputs, pending, tempDir)
  } finally {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  }
}

async function rollBackInterrupted(
  gh: ActionContext,
  inputs: DeployInputs,
  pending: PendingSwitch,
  tempDir: string,
): Promise<void> {
  const interrupted =
    `The deployment of ${pending.pending.releaseId} to ${inputs.environment} was interrupted after the switch ` +
    'and before it was verified (the job was cancelled or timed out, or the step failed)'
  gh.log.warning(`${interrupted}; rolling back`)
  const timeline = new Timeline(undefined, (step) => gh.log.info(describeStep(step)))
  let detail: string | undefined
  let rollbackError: unknown
  try {
    detail = await recover(inputs, pending, { logger: gh.log, timeline, tempDir })
  } catch (error) {
    rollbackError = error
  }
  const message = detail
    ? `${interrupted}; rolled back: ${detail}`
    : `${interrupted}; the rollback failed too: ${describeError(rollbackError)}`
  await gh.summary(
    renderDeploySummary({
      provider: pending.provider,
      environment: inputs.environment,
      outcome: detail ? 'rolled back' : 'failure',
      releaseId: pending.pending.releaseId,
      failure: message,
      rollback: detail,
      steps: timeline.entries,
    }),
  )
  const id = Number(gh.getState(STATE.deploymentId))
  if (inputs.track && id > 0) {
    const tracker = resumeDeployment(
      await gh.github(inputs.token),
      deploymentRequest(gh, inputs),
      id,
      gh.log,
      { failOnApiError: inputs.failOnApiError },
    )
    await tracker.finish('failure', { description: message })
    if (detail && inputs.failOnApiError && tracker.apiFailures.length)
      throw new UserError(`${tracker.apiFailures.join('; ')} (fail-on-api-error: true)`)
  }
  if (!detail) throw new UserError(message)
  gh.log.info(message)
}

function recover(
  inputs: DeployInputs,
  pending: PendingSwitch,
  deps: { logger: ActionContext['log']; timeline: Timeline; tempDir: string },
): Promise<string> {
  const target = inputs.target
  if (pending.provider === 'ssh' && target.provider === 'ssh')
    return recoverSshRelease(target.plan.options, pending.pending, deps)
  if (pending.provider === 'docker' && target.provider === 'docker')
    return recoverDockerContainer(target.plan.options, pending.pending, deps)
  throw new UserError(
    `The main step recorded a ${pending.provider} deployment but input provider is ${target.provider}`,
  )
}
