import { runAction, runProcess, type ActionContext } from '@pipeline-kit/action-runtime'
import {
  collectTestResults,
  noReportsError,
  prepareTestReport,
  renderTestSummary,
  unreadableReportsError,
} from '@pipeline-kit/junit'
import { join, resolve } from 'node:path'
import { LEFT_OUT_BYTES, publishChecks, reportCheckRun } from './check-run'
import { parseInputs, SECRET_INPUTS } from './inputs'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input)
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
  const defaultResults = join(gh.run.tempDir, 'pipeline-kit-test-results.json')
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
  const note = reportCheckRun(gh, inputs, report, published, unreadable !== undefined)
  if (note) await gh.summary(`\n${note}\n`)

  if (unreadable) throw unreadable
  const failures: string[] = []
  if (report.verdict.conclusion === 'failure')
    failures.push(`Tests failed: ${report.verdict.reasons.join('; ')}`)
  if (published?.ok === false && inputs.failOnApiError) failures.push(published.error.message)
  if (failures.length) throw new Error(failures.join('\n'))
}

await runAction(main, { secretInputs: SECRET_INPUTS })
