import type { ActionContext } from '@pipeline-kit/action-runtime'
import type { DeploymentRequest } from '@pipeline-kit/deployments'
import type { DeployInputs } from './inputs'

/** The Deployments API record of this run, the same in the main and the post step. */
export function deploymentRequest(gh: Pick<ActionContext, 'run'>, inputs: DeployInputs): DeploymentRequest {
  const provider = inputs.target.provider
  return {
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
  }
}
