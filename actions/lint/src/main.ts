import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import { publishCheckRun } from '@pipeline-kit/check-run'
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
import { parseInputs, SECRET_INPUTS, type LintInputs } from './inputs'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs((name) => gh.input.string(name))
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
  const checkRunUrl = inputs.token ? await publishChecks(gh, inputs, report, reasons.length > 0) : undefined
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
    'check-run-url': checkRunUrl,
  })
  const summaryOptions = { failLevel: inputs.failLevel, failed: reasons.length > 0, sarifPath: files.sarif }
  await gh.summary(renderLintSummary(report, { ...summaryOptions, patchPath: files.patch, checkRunUrl }))
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

async function publishChecks(gh: ActionContext, inputs: LintInputs, report: LintReport, failed: boolean) {
  const content = renderCheckRun(report, { failLevel: inputs.failLevel, failed })
  const outcome = await publishCheckRun(
    await gh.github(inputs.token!),
    {
      ...content,
      owner: gh.run.owner,
      repo: gh.run.repo,
      headSha: gh.run.payload.pull_request?.head?.sha ?? gh.run.sha,
      name: inputs.checkName,
      detailsUrl: gh.run.runUrl,
    },
    gh.log,
  )
  if (!outcome.published) gh.log.warning(`No check run: ${outcome.reason}`)
  return outcome.published ? outcome.url : undefined
}

await runAction(main, { secretInputs: SECRET_INPUTS })
