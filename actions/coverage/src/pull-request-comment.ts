import { runOptionalApiCall, type ActionContext, type OptionalCallResult } from '@pipeline-kit/action-runtime'
import * as coverage from '@pipeline-kit/coverage'
import type { CoverageInputs } from './inputs'

/**
 * Posts (or updates) the pull request's coverage comment as an optional API call (a failure
 * is a warning unless fail-on-api-error) and adds a line to the job summary when it could not
 * be posted.
 */
export async function postComment(
  gh: ActionContext,
  inputs: CoverageInputs,
  result: coverage.CoverageResult,
  issueNumber: number,
): Promise<OptionalCallResult<coverage.StickyCommentResult>> {
  const marker = coverage.commentMarker(coverage.baselineId(inputs.title))
  const body = coverage.renderCoverageMarkdown(result, {
    title: inputs.title,
    marker,
    maxChars: coverage.COMMENT_MAX_CHARS,
    moreAt: 'the job summary has the complete table',
  })
  const posted = await runOptionalApiCall(
    `post the coverage comment on pull request #${issueNumber}`,
    async () =>
      coverage.upsertStickyComment(
        await gh.github(inputs.token),
        { owner: gh.run.owner, repo: gh.run.repo, issueNumber, marker, body },
        gh.log,
      ),
    { log: gh.log, failStep: inputs.failOnApiError },
  )
  if (!posted.ok)
    await gh.summary(`\n> **The pull-request comment was not posted:** ${posted.error.message}.\n`)
  else if (posted.value.action === 'forbidden')
    await gh.summary(`\n> The pull-request comment could not be posted: ${posted.value.reason}.\n`)
  return posted
}
