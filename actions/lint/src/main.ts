import { join, resolve } from 'node:path'
import { runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import { readChangedLines, resolveDiffCommits, type ChangedFiles } from '@pipeline-kit/git-changes'
import {
  buildReport,
  failureReasons,
  lintProject,
  renderLintSummary,
  toAnnotation,
  writeLintOutputs,
} from '@pipeline-kit/lint'
import { publishChecks } from './check-run'
import { parseInputs, SECRET_INPUTS } from './inputs'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input)
  const root = gh.run.workspace
  const cwd = resolve(root, inputs.workingDirectory)
  const run = await lintProject({ ...inputs, root, cwd }, gh.log)
  const changed = inputs.onlyChanged === 'off' ? undefined : await changedLines(gh)
  const report = buildReport(run.results, { onlyChanged: changed ? inputs.onlyChanged : 'off', changed })
  const outDir = inputs.outputDir
    ? resolve(root, inputs.outputDir)
    : join(gh.run.tempDir, 'pipeline-kit-lint')
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
  const published = await publishChecks(gh, inputs, report, reasons.length > 0)
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

await runAction(main, { secretInputs: SECRET_INPUTS })
