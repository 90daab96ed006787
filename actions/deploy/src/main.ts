import { rmSync } from 'node:fs'
import { describeError, runAction, UserError, type ActionContext } from '@pipeline-kit/action-runtime'
import { deploymentRequest } from './deployment-request'
import { parseInputs, SECRET_INPUTS, type DeployInputs } from './inputs'
import { STATE, stateJournal } from './run-state'

// The Deployments API, the providers' clients and the post step load once the inputs are
// valid (or when post runs), so a run that fails on its inputs pays for little more than core.
const loadDeployments = () => import('@pipeline-kit/deployments')
const loadProviders = () => import('./providers')
const post = async (gh: ActionContext) => (await import('./post')).post(gh)

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input, {
    workspace: gh.run.workspace,
    sha: gh.run.sha,
  })
  const { createPrivateDir } = await loadDeployments()
  // Keys and env files live here; the post step removes it even when this step is killed.
  const tempDir = createPrivateDir('pk-deploy-', gh.run.tempDir)
  gh.saveState(STATE.tempDir, tempDir)
  try {
    await deploy(gh, inputs, tempDir)
  } finally {
    rmSync(tempDir, { recursive: true, force: true })
  }
}

async function deploy(gh: ActionContext, inputs: DeployInputs, tempDir: string): Promise<void> {
  const {
    createSmokeVerifier,
    fitDescription,
    renderDeploymentsApiSection,
    renderDeploySummary,
    startDeployment,
    untrackedDeployment,
  } = await loadDeployments()
  const { runProvider } = await loadProviders()
  const provider = inputs.target.provider
  const tracker = inputs.track
    ? await startDeployment(await gh.github(inputs.token), deploymentRequest(gh, inputs), gh.log, {
        failOnApiError: inputs.failOnApiError,
      })
    : untrackedDeployment()
  if (tracker.id !== undefined) gh.saveState(STATE.deploymentId, String(tracker.id))

  const smoke = inputs.smoke ? createSmokeVerifier(inputs.smoke, gh.log) : undefined
  const outcome = await runProvider(inputs.target, {
    logger: gh.log,
    verify: smoke?.verify,
    tempDir,
    journal: (name) => stateJournal(gh, name),
  })
  const failure = outcome.ok ? undefined : describeError(outcome.error)

  // The result first: the Deployments API is tracking, and a failing or hanging API must not lose it.
  gh.setOutputs({
    'deployment-id': tracker.id ?? '',
    'environment-url': outcome.ok ? (inputs.environmentUrl ?? '') : '',
    'release-id': outcome.releaseId,
    'rolled-back': outcome.rolledBack,
    ...outcome.outputs,
  })
  const verdict = outcome.ok ? (inputs.rollback ? 'rolled back' : 'success') : undefined
  await gh.summary(
    renderDeploySummary({
      provider,
      environment: inputs.environment,
      outcome: verdict ?? (outcome.rolledBack ? 'rolled back' : 'failure'),
      releaseId: outcome.releaseId,
      environmentUrl: outcome.ok ? inputs.environmentUrl : undefined,
      deploymentId: tracker.id,
      failure,
      rollback: outcome.rollbackDetail,
      steps: outcome.steps,
      extraSections: [...outcome.sections, smoke?.renderSummary() ?? ''].filter(Boolean),
    }),
  )

  await tracker.finish(outcome.ok ? 'success' : outcome.started ? 'failure' : 'error', {
    environmentUrl: outcome.ok ? inputs.environmentUrl : undefined,
    description: fitDescription(
      failure ?? (inputs.rollback ? `Rolled back to ${outcome.releaseId}` : `Deployed ${outcome.releaseId}`),
    ),
  })
  const api = renderDeploymentsApiSection(tracker.events, tracker.apiFailures)
  if (api) await gh.summary(api)
  if (!outcome.ok) throw outcome.error
  if (inputs.failOnApiError && tracker.apiFailures.length)
    throw new UserError(`${tracker.apiFailures.join('; ')} (fail-on-api-error: true)`)
}

await runAction(main, { post, secretInputs: SECRET_INPUTS })
