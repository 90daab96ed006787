import { describeError, runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import {
  createSmokeVerifier,
  fitDescription,
  renderDeploySummary,
  startDeployment,
  untrackedDeployment,
} from '@pipeline-kit/deployments'
import { parseInputs, SECRET_INPUTS } from './inputs'
import { runProvider } from './providers'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs((name) => gh.input.string(name), {
    workspace: gh.run.workspace,
    sha: gh.run.sha,
  })
  const provider = inputs.target.provider
  const tracker = inputs.track
    ? await startDeployment(
        await gh.github(inputs.token),
        {
          owner: gh.run.owner,
          repo: gh.run.repo,
          ref: inputs.ref,
          environment: inputs.environment,
          task: inputs.rollback ? 'deploy:rollback' : 'deploy',
          description:
            inputs.description ?? (inputs.rollback ? `Rollback (${provider})` : `Deploy with ${provider}`),
          payload: { provider, releaseId: inputs.releaseId, image: inputs.image, ...inputs.payload },
          transient: inputs.transient,
          production: inputs.production,
          logUrl: gh.run.runUrl,
        },
        gh.log,
      )
    : untrackedDeployment()

  const smoke = inputs.smoke ? createSmokeVerifier(inputs.smoke, gh.log) : undefined
  const outcome = await runProvider(inputs.target, { logger: gh.log, verify: smoke?.verify })
  const failure = outcome.ok ? undefined : describeError(outcome.error)
  await tracker.finish(outcome.ok ? 'success' : outcome.started ? 'failure' : 'error', {
    environmentUrl: outcome.ok ? inputs.environmentUrl : undefined,
    description: fitDescription(
      failure ?? (inputs.rollback ? `Rolled back to ${outcome.releaseId}` : `Deployed ${outcome.releaseId}`),
    ),
  })

  gh.setOutputs({
    'deployment-id': tracker.id ?? '',
    'environment-url': outcome.ok ? (inputs.environmentUrl ?? '') : '',
    'release-id': outcome.releaseId,
    'rolled-back': outcome.rolledBack,
    ...outcome.outputs,
  })
  await gh.summary(
    renderDeploySummary({
      provider,
      environment: inputs.environment,
      outcome: outcome.ok
        ? inputs.rollback
          ? 'rolled back'
          : 'success'
        : outcome.rolledBack
          ? 'rolled back'
          : 'failure',
      releaseId: outcome.releaseId,
      environmentUrl: outcome.ok ? inputs.environmentUrl : undefined,
      deploymentId: tracker.id,
      failure,
      rollback: outcome.rollbackDetail,
      steps: outcome.steps,
      deploymentEvents: tracker.events,
      extraSections: [...outcome.sections, smoke?.renderSummary() ?? ''].filter(Boolean),
    }),
  )
  if (!outcome.ok) throw outcome.error
}

await runAction(main, { secretInputs: SECRET_INPUTS })
