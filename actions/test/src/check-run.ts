import { runOptionalApiCall, type ActionContext, type OptionalCallResult } from '@pipeline-kit/action-runtime'
import { publishCheckRun, renderLeftOutAnnotations, type CheckRunOutcome } from '@pipeline-kit/check-run'
import { droppedAnnotationsNote, toWorkflowAnnotations, type PreparedReport } from '@pipeline-kit/junit'
import type { TestInputs } from './inputs'

/** Room kept in the job summary for the annotations left out of the check run. */
export const LEFT_OUT_BYTES = 100_000

/** Publishes the check run as an optional API call (a failure is a warning unless fail-on-api-error). */
export function publishChecks(
  gh: ActionContext,
  inputs: TestInputs,
  report: PreparedReport,
): Promise<OptionalCallResult<CheckRunOutcome>> {
  return runOptionalApiCall(
    `publish check run '${inputs.checkName}'`,
    async () =>
      publishCheckRun(
        await gh.github(inputs.githubToken!),
        {
          owner: gh.run.owner,
          repo: gh.run.repo,
          headSha: gh.run.payload.pull_request?.head?.sha ?? gh.run.sha,
          name: inputs.checkName,
          conclusion: report.verdict.conclusion,
          ...report.checkRun,
          annotations: report.annotations,
          detailsUrl: gh.run.runUrl,
          maxAnnotations: inputs.maxAnnotations,
        },
        gh.log,
      ),
    { log: gh.log, failStep: inputs.failOnApiError },
  )
}

/**
 * Sets the check-run-url output and returns the summary note on the check run: its link and
 * the annotations left out of it, or, with no check run, why not; the annotations then go out
 * as workflow annotations.
 */
export function reportCheckRun(
  gh: ActionContext,
  inputs: TestInputs,
  report: PreparedReport,
  published: OptionalCallResult<CheckRunOutcome> | undefined,
  unreadable: boolean,
): string {
  const check = published?.ok ? published.value : undefined
  gh.setOutput('check-run-url', check?.published ? check.url : '')
  const link = check?.published ? `[${inputs.checkName}](${check.url})` : ''
  if (check?.published) {
    const sent = check.annotationsSent
    return [
      check.leftOut.length
        ? `${sent} of ${report.annotations.length} annotations are on the check run ${link}.`
        : `All ${sent} annotations are on the check run ${link}.`,
      renderLeftOutAnnotations(check.leftOut, {
        checkName: inputs.checkName,
        max: inputs.maxAnnotations,
        maxBytes: LEFT_OUT_BYTES,
      }),
    ]
      .filter(Boolean)
      .join('\n\n')
  }
  const plan = gh.annotate(toWorkflowAnnotations(report.annotations))
  const failed = published?.ok === false ? published.error.message : undefined
  const reason = failed
    ? 'the GitHub API failed'
    : inputs.githubToken && unreadable
      ? 'a report could not be read'
      : check?.reason
  const notPublished = failed
    ? `> **The check run '${inputs.checkName}' was not published:** ${failed}. The annotations were emitted as workflow annotations instead.`
    : ''
  return [notPublished, droppedAnnotationsNote(plan.droppedTotal, reason)].filter(Boolean).join('\n\n')
}
