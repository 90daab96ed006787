import { runAction, runProcess, type ActionContext } from '@pipeline-kit/action-runtime'
import { publishCheckRun } from '@pipeline-kit/check-run'
import {
  collectTestResults,
  droppedAnnotationsNote,
  noReportsError,
  prepareTestReport,
  renderTestSummary,
  toWorkflowAnnotations,
  unreadableReportsError,
} from '@pipeline-kit/junit'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseInputs, SECRET_INPUTS } from './inputs'

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

  const check = inputs.githubToken
    ? await publishCheckRun(
        await gh.github(inputs.githubToken),
        {
          owner,
          repo,
          headSha: gh.run.payload.pull_request?.head?.sha ?? gh.run.sha,
          name: inputs.checkName,
          conclusion: report.verdict.conclusion,
          ...report.checkRun,
          annotations: report.annotations,
          detailsUrl: gh.run.runUrl,
        },
        gh.log,
      )
    : undefined
  const notes: string[] = []
  if (check?.published) {
    notes.push(
      `All ${report.annotations.length} annotations are on the check run [${inputs.checkName}](${check.url}).`,
    )
  } else {
    const plan = gh.annotate(toWorkflowAnnotations(report.annotations))
    notes.push(droppedAnnotationsNote(plan.droppedTotal, check?.reason))
  }
  const blobUrl = `${gh.run.serverUrl}/${owner}/${repo}/blob/${gh.run.sha}`
  await gh.summary(
    renderTestSummary(report.results, report.verdict, {
      locate: report.locate,
      blobUrl,
      notes: notes.filter(Boolean),
    }),
  )
  gh.setOutputs({
    ...report.outputs,
    'exit-code': exitCode,
    'check-run-url': check?.published ? check.url : '',
  })

  const unreadable = unreadableReportsError(collected.errors)
  if (unreadable) throw unreadable
  if (report.verdict.conclusion === 'failure')
    throw new Error(`Tests failed: ${report.verdict.reasons.join('; ')}`)
}

await runAction(main, { secretInputs: SECRET_INPUTS })
