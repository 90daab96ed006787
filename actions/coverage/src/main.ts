import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { runAction, UserError, type ActionContext } from '@pipeline-kit/action-runtime'
import { createActionsCacheStore } from '@pipeline-kit/action-runtime/cache'
import * as coverage from '@pipeline-kit/coverage'
import { readChangedLines, resolveDiffCommits } from '@pipeline-kit/git-changes'
import { parseInputs, SECRET_INPUTS } from './inputs'
import { postComment } from './pull-request-comment'
import { findReportFiles } from './report-files'

const SUMMARY_CHARS = 900_000

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input)
  const workspace = gh.run.workspace
  const reportFiles = await findReportFiles(inputs, { workspace, runnerTemp: gh.run.runnerTemp })
  const collected = await gh.log.group('Read coverage reports', () =>
    coverage.collectCoverage(reportFiles, { workspace, prefixes: inputs.pathPrefixes }, gh.log),
  )
  const event = coverage.planCoverageEvent(gh.run, inputs.defaultBranch)
  const commits = inputs.patchCoverage && event.pullRequest ? resolveDiffCommits(gh.run) : undefined
  const changes = commits ? await readChangedLines({ cwd: workspace, ...commits }) : undefined

  const location: coverage.BaselineLocation | undefined = inputs.baselineFile
    ? { kind: 'file', path: resolve(workspace, inputs.baselineFile) }
    : inputs.baselineCache
      ? {
          kind: 'cache',
          cache: createActionsCacheStore(gh.log),
          workspace,
          id: coverage.baselineId(inputs.title),
        }
      : undefined
  const loaded = location && event.pullRequest ? await coverage.loadBaseline(location, gh.log) : {}
  const result = coverage.summariseCoverage(collected, {
    thresholds: inputs.thresholds,
    changes,
    baseline: loaded.baseline,
    baselineNote: loaded.note ?? (event.pullRequest && !location ? 'no baseline configured.' : undefined),
  })
  if (location && event.defaultBranchPush) {
    const baseline = coverage.createBaseline(result.totals, { sha: gh.run.sha, ref: gh.run.ref })
    await coverage.storeBaseline(location, baseline, gh.log)
  }
  if (inputs.badgePath) {
    const svg = coverage.renderCoverageBadge(inputs.title.toLowerCase(), result.totals.lines)
    const badge = resolve(workspace, inputs.badgePath)
    await mkdir(dirname(badge), { recursive: true })
    await writeFile(badge, svg)
  }

  // The results are out before the optional comment, so an API outage cannot take them.
  gh.annotate(coverage.coverageAnnotations(collected.warnings, result.patch))
  gh.setOutputs(coverage.coverageOutputs(result))
  const skipped =
    inputs.comment && event.pullRequest && !inputs.token
      ? 'No pull-request comment: `github-token` is empty (set it, or `comment: false` to silence this).'
      : undefined
  if (skipped) gh.log.warning(skipped)
  await gh.summary(
    coverage.renderCoverageMarkdown(result, { title: inputs.title, maxChars: SUMMARY_CHARS, note: skipped }),
  )
  const posted =
    inputs.comment && event.pullRequest && inputs.token
      ? await postComment(gh, inputs, result, event.pullRequest)
      : undefined

  const failures = result.thresholds.filter((t) => !t.passed).map((t) => t.reason)
  if (posted?.ok === false && inputs.failOnApiError) failures.push(posted.error.message)
  if (failures.length) throw new UserError(failures.join('\n'))
}

await runAction(main, { secretInputs: SECRET_INPUTS })
