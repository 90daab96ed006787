import { runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import {
  renderReleaseSummary,
  resolveReleaseVersion,
  runRelease,
  tokenAuthorization,
} from '@pipeline-kit/release'
import { parseInputs, SECRET_INPUTS } from './inputs'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input)
  const version = resolveReleaseVersion(inputs.version, gh.run.ref)
  // git reaches the remote with the token too, so the checkout needs no persisted credentials.
  const remoteAuthorization = tokenAuthorization(inputs.token)
  gh.secret(remoteAuthorization.replace(/^basic /, ''))
  const result = await runRelease(
    {
      cwd: gh.run.workspace,
      repo: { owner: gh.run.owner, repo: gh.run.repo },
      serverUrl: gh.run.serverUrl,
      remoteAuthorization,
      version,
      ref: gh.run.ref,
      defaultBranch: gh.run.payload.repository?.default_branch,
      releaseBranches: inputs.releaseBranches,
      allowOlder: inputs.allowOlder,
      dist: {
        buildCommand: inputs.buildCommand,
        verifyCommand: inputs.verifyCommand,
        paths: inputs.distPaths,
      },
      changelogPath: inputs.changelog,
      dryRun: inputs.dryRun,
    },
    { github: await gh.github(inputs.token), log: gh.log },
  )
  gh.setOutputs({
    tag: result.plan.tag,
    'major-tag': result.plan.majorTag ?? '',
    'minor-tag': result.plan.minorTag ?? '',
    prerelease: result.plan.prerelease,
    'release-url': result.releaseUrl ?? '',
    notes: result.notes,
  })
  await gh.summary(renderReleaseSummary(result))
}

await runAction(main, { secretInputs: SECRET_INPUTS })
