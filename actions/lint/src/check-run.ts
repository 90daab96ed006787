import { runOptionalApiCall, type ActionContext, type OptionalCallResult } from '@pipeline-kit/action-runtime'
import { publishCheckRun, renderLeftOutAnnotations, type CheckRunOutcome } from '@pipeline-kit/check-run'
import { renderCheckRun, type LintReport } from '@pipeline-kit/lint'
import type { LintInputs } from './inputs'

/**
 * With a token, publishes the check run as an optional API call (a failure is a warning
 * unless fail-on-api-error), then sets the check-run-url output and adds a line on it to the
 * job summary: its link and the findings left out of it, or why there is none. No check run
 * is attempted when a tool did not finish (missing, crashed, a malformed SARIF file): that is
 * the user's to fix, and a check run would show its findings as complete.
 */
export async function publishChecks(
  gh: ActionContext,
  inputs: LintInputs,
  report: LintReport,
  failed: boolean,
): Promise<OptionalCallResult<CheckRunOutcome> | undefined> {
  const unfinished = report.tools.filter((t) => t.status !== 'ok').map((t) => t.tool)
  if (!inputs.token || unfinished.length) {
    gh.setOutput('check-run-url', '')
    if (inputs.token)
      await gh.summary(`\n> No check run: ${unfinished.join(', ')} did not finish (see the errors above).\n`)
    return undefined
  }
  const content = renderCheckRun(report, {
    failLevel: inputs.failLevel,
    failed,
    maxAnnotations: inputs.maxAnnotations,
  })
  const published = await runOptionalApiCall(
    `publish check run '${inputs.checkName}'`,
    async () =>
      publishCheckRun(
        await gh.github(inputs.token!),
        {
          ...content,
          owner: gh.run.owner,
          repo: gh.run.repo,
          headSha: gh.run.payload.pull_request?.head?.sha ?? gh.run.sha,
          name: inputs.checkName,
          detailsUrl: gh.run.runUrl,
          maxAnnotations: inputs.maxAnnotations,
        },
        gh.log,
      ),
    { log: gh.log, failStep: inputs.failOnApiError },
  )
  const check = published.ok && published.value.published ? published.value : undefined
  gh.setOutput('check-run-url', check?.url ?? '')
  if (check) {
    const leftOut = renderLeftOutAnnotations(check.leftOut, {
      checkName: inputs.checkName,
      max: inputs.maxAnnotations,
      maxBytes: 100_000,
    })
    const link = `[Check run '${inputs.checkName}'](${check.url}) with ${check.annotationsSent} annotation(s).`
    await gh.summary(`\n${link}\n${leftOut ? `\n${leftOut}\n` : ''}`)
  } else if (!published.ok) {
    await gh.summary(
      `\n> **The check run '${inputs.checkName}' was not published:** ${published.error.message}. The findings were emitted as workflow annotations.\n`,
    )
  } else if (!published.value.published) {
    await gh.summary(`\n> No check run: ${published.value.reason}.\n`)
  }
  return published
}
