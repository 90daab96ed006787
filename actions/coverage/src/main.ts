import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { runAction, UserError, type ActionContext } from '@pipeline-kit/action-runtime'
import { createActionsCacheStore } from '@pipeline-kit/action-runtime/cache'
import * as coverage from '@pipeline-kit/coverage'
import { readChangedLines, resolveDiffCommits } from '@pipeline-kit/git-changes'
import { parseInputs, SECRET_INPUTS } from './inputs'
import { findReportFiles } from './report-files'

const SUMMARY_CHARS = 900_000

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs((name) => gh.input.string(name))
  const workspace = gh.run.workspace
  const reportFiles = await findReportFiles(inputs, { workspace, runnerTemp: process.env.RUNNER_TEMP })
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

  let note: string | undefined
  if (inputs.comment && event.pullRequest && !inputs.token) {
    note = 'No pull-request comment: `github-token` is empty (set it, or `comment: false` to silence this).'
    gh.log.warning(note)
  } else if (inputs.comment && event.pullRequest) {
    const marker = coverage.commentMarker(coverage.baselineId(inputs.title))
    const body = coverage.renderCoverageMarkdown(result, {
      title: inputs.title,
      marker,
      maxChars: coverage.COMMENT_MAX_CHARS,
      moreAt: 'the job summary has the complete table',
    })
    const posted = await coverage.upsertStickyComment(
      await gh.github(inputs.token),
      { owner: gh.run.owner, repo: gh.run.repo, issueNumber: event.pullRequest, marker, body },
      gh.log,
    )
    if (posted.action === 'forbidden')
      note = `The pull-request comment could not be posted: ${posted.reason}.`
  }
  await gh.summary(
    coverage.renderCoverageMarkdown(result, { title: inputs.title, maxChars: SUMMARY_CHARS, note }),
  )
  gh.annotate(coverage.coverageAnnotations(collected.warnings, result.patch))
  gh.setOutputs(coverage.coverageOutputs(result))
  const failed = result.thresholds.filter((t) => !t.passed)
  if (failed.length) throw new UserError(failed.map((t) => t.reason).join('\n'))
}

await runAction(main, { secretInputs: SECRET_INPUTS })
