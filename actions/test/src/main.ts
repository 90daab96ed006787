import { runAction, runOptionalApiCall, runProcess, type ActionContext } from '@pipeline-kit/action-runtime'
import { publishCheckRun, renderLeftOutAnnotations } from '@pipeline-kit/check-run'
import {
  collectTestResults,
  droppedAnnotationsNote,
  noReportsError,
  prepareTestReport,
  renderTestSummary,
  toWorkflowAnnotations,
  unreadableReportsError,
  type PreparedReport,
} from '@pipeline-kit/junit'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseInputs, type TestInputs } from './inputs'

const LEFT_OUT_BYTES = 100_000

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs((name) => gh.input.string(name))
  const { workspace, owner, repo } = gh.run
  const cwd = resolve(workspace, inputs.workingDirectory)
  let exitCode: number | undefined
  if (inputs.command) {
    const { executable, args, env } = inputs.command
    const options = {
      cwd,
      env,
      okExitCodes: 'any',
      logger: gh.log,
      groupName: `Run ${executable}`,
      maxBufferBytes: 1 << 20,
    } as const
    exitCode = (await runProcess(executable, args, options)).exitCode
    gh.log.info(`${executable} exited with code ${exitCode}`)
  }
  const defaultResults = join(process.env.RUNNER_TEMP ?? tmpdir(), 'pipeline-kit-test-results.json')
  const resultsPath = resolve(workspace, inputs.resultsFile ?? defaultResults)
  const collected = await collectTestResults(
    { patterns: inputs.reports, cwd, workspace, resultsPath },
    gh.log,
  )
  if (collected.files.length === 0 && inputs.minTests > 0) throw noReportsError(inputs.reports, cwd)
  const report = await prepareTestReport(collected, { ...inputs, exitCode, workspace, resultsPath })
  const unreadable = unreadableReportsError(collected.errors)

  // The results are out before the optional check run, so an API outage cannot take them.
  gh.setOutputs({ ...report.outputs, 'exit-code': exitCode })
  const capped = Boolean(inputs.githubToken) && report.annotations.length > inputs.maxAnnotations
  await gh.summary(
    renderTestSummary(report.results, report.verdict, {
      locate: report.locate,
      blobUrl: `${gh.run.serverUrl}/${owner}/${repo}/blob/${gh.run.sha}`,
      ...(capped ? { maxBytes: 900 * 1024 - LEFT_OUT_BYTES } : {}),
    }),
  )
  // A malformed report is the user's to fix: say so without calling the API.
  const published = inputs.githubToken && !unreadable ? await publishChecks(gh, inputs, report) : undefined
  const check = published?.ok ? published.value : undefined
  const notes: string[] = []
  if (check?.published) {
    const sent = check.annotationsSent
    notes.push(
      check.leftOut.length
        ? `${sent} of ${report.annotations.length} annotations are on the check run [${inputs.checkName}](${check.url}).`
        : `All ${sent} annotations are on the check run [${inputs.checkName}](${check.url}).`,
      renderLeftOutAnnotations(check.leftOut, {
        checkName: inputs.checkName,
        max: inputs.maxAnnotations,
        maxBytes: LEFT_OUT_BYTES,
      }),
    )
  } else {
    const plan = gh.annotate(toWorkflowAnnotations(report.annotations))
    const reason =
      published?.ok === false
        ? 'the GitHub API failed'
        : inputs.githubToken && unreadable
          ? 'a report could not be read'
          : check?.reason
    if (published?.ok === false)
      notes.push(
        `> **The check run '${inputs.checkName}' was not published:** ${published.error.message}. The annotations were emitted as workflow annotations instead.`,
      )
    notes.push(droppedAnnotationsNote(plan.droppedTotal, reason))
  }
  const text = notes.filter(Boolean).join('\n\n')
  if (text) await gh.summary(`\n${text}\n`)
  gh.setOutput('check-run-url', check?.published ? check.url : '')

  if (unreadable) throw unreadable
  const failures: string[] = []
  if (report.verdict.conclusion === 'failure')
    failures.push(`Tests failed: ${report.verdict.reasons.join('; ')}`)
  if (published?.ok === false && inputs.failOnApiError) failures.push(published.error.message)
  if (failures.length) throw new Error(failures.join('\n'))
}

function publishChecks(gh: ActionContext, inputs: TestInputs, report: PreparedReport) {
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

await runAction(main)
