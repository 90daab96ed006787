import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction, runOptionalApiCall, type ActionContext } from '@pipeline-kit/action-runtime'
import { publishCheckRun, renderLeftOutAnnotations } from '@pipeline-kit/check-run'
import { readChangedLines, resolveDiffCommits, type ChangedFiles } from '@pipeline-kit/git-changes'
import {
  buildReport,
  failureReasons,
  lintProject,
  renderCheckRun,
  renderLintSummary,
  toAnnotation,
  writeLintOutputs,
  type LintReport,
} from '@pipeline-kit/lint'
import { parseInputs, type LintInputs } from './inputs'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs((name) => gh.input.string(name))
  gh.secret(inputs.token)
  const root = gh.run.workspace
  const cwd = resolve(root, inputs.workingDirectory)
  const run = await lintProject({ ...inputs, root, cwd }, gh.log)
  const changed = inputs.onlyChanged === 'off' ? undefined : await changedLines(gh)
  const report = buildReport(run.results, { onlyChanged: changed ? inputs.onlyChanged : 'off', changed })
  const outDir = inputs.outputDir
    ? resolve(root, inputs.outputDir)
    : join(process.env.RUNNER_TEMP ?? tmpdir(), 'pipeline-kit-lint')
  const files = await writeLintOutputs(report, outDir, run.patch)
  const reasons = failureReasons(report, inputs.failLevel)
  gh.annotate(report.diagnostics.map(toAnnotation))
  // The findings are out before the optional check run, so an API outage cannot take them.
  gh.setOutputs({
    passed: reasons.length === 0,
    errors: report.counts.error,
    warnings: report.counts.warning,
    notices: report.counts.notice,
    total: report.counts.total,
    'by-tool': JSON.stringify(report.byTool),
    'failed-tools': report.tools
      .filter((t) => t.status !== 'ok')
      .map((t) => t.tool)
      .join(','),
    report: files.report,
    sarif: files.sarif,
    patch: files.patch ?? '',
  })
  const summaryOptions = { failLevel: inputs.failLevel, failed: reasons.length > 0, sarifPath: files.sarif }
  await gh.summary(renderLintSummary(report, { ...summaryOptions, patchPath: files.patch }))
  // A tool that did not finish (missing, crashed, a malformed SARIF file) is the user's to fix,
  // and a check run would show its findings as complete: report it without calling the API.
  const unfinished = report.tools.filter((t) => t.status !== 'ok').map((t) => t.tool)
  if (inputs.token && unfinished.length)
    await gh.summary(`\n> No check run: ${unfinished.join(', ')} did not finish (see the errors above).\n`)
  const published =
    inputs.token && !unfinished.length
      ? await publishChecks(gh, inputs, report, reasons.length > 0)
      : undefined
  const check = published?.ok && published.value.published ? published.value : undefined
  if (check) {
    const leftOut = renderLeftOutAnnotations(check.leftOut, {
      checkName: inputs.checkName,
      max: inputs.maxAnnotations,
      maxBytes: 100_000,
    })
    await gh.summary(
      `\n[Check run '${inputs.checkName}'](${check.url}) with ${check.annotationsSent} annotation(s).\n${leftOut ? `\n${leftOut}\n` : ''}`,
    )
  } else if (published?.ok === false) {
    await gh.summary(
      `\n> **The check run '${inputs.checkName}' was not published:** ${published.error.message}. The findings were emitted as workflow annotations.\n`,
    )
  } else if (published?.ok && !published.value.published) {
    await gh.summary(`\n> No check run: ${published.value.reason}.\n`)
  }
  gh.setOutput('check-run-url', check?.url ?? '')
  if (published?.ok === false && inputs.failOnApiError) reasons.push(published.error.message)
  if (reasons.length > 0) throw new Error(reasons.join('\n'))
}

/** Changed lines for pull requests (and pushes); undefined, with a notice, for other events. */
async function changedLines(gh: ActionContext): Promise<ChangedFiles | undefined> {
  const commits = resolveDiffCommits(gh.run)
  if (!commits) {
    gh.log.info(
      `only-changed: a ${gh.run.eventName || 'local'} event has no base commit; keeping every finding`,
    )
    return undefined
  }
  gh.log.info(`only-changed: comparing ${commits.base}..${commits.head}`)
  return readChangedLines({ cwd: gh.run.workspace, base: commits.base, head: commits.head })
}

function publishChecks(gh: ActionContext, inputs: LintInputs, report: LintReport, failed: boolean) {
  const content = renderCheckRun(report, {
    failLevel: inputs.failLevel,
    failed,
    maxAnnotations: inputs.maxAnnotations,
  })
  return runOptionalApiCall(
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
}

await runAction(main)
