import { runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import { defaultProbeDeps, probeAll, renderProbeSummary, type ProbeReport } from '@pipeline-kit/http-probe'
import { containerLogs, removeContainer, startContainer } from './container'
import { parseInputs, SECRET_INPUTS, type SmokeTestInputs } from './inputs'

const CONTAINER_STATE = 'container-id'

async function main(gh: ActionContext): Promise<void> {
  const inputs = parseInputs(gh.input)
  let report: ProbeReport
  if (inputs.container) {
    const container = await startContainer(inputs.container, gh.log)
    gh.saveState(CONTAINER_STATE, container.id)
    try {
      report = await probe(
        gh,
        inputs,
        inputs.urls.map((u) => (u.startsWith('/') ? container.baseUrl + u : u)),
      )
      if (!report.passed) {
        const logs = await containerLogs(container.id)
        await gh.log.group(`Logs of ${inputs.container.image}`, async () =>
          gh.log.info(logs || '(no output)'),
        )
      }
    } finally {
      if (await removeContainer(container.id)) gh.saveState(CONTAINER_STATE, '')
    }
  } else {
    report = await probe(gh, inputs, inputs.urls)
  }

  gh.setOutputs({ passed: report.passed, 'failed-count': report.failedCount, report: JSON.stringify(report) })
  await gh.summary(renderProbeSummary(report))
  gh.annotate(
    report.targets.flatMap((t) =>
      t.failures.map((f) => ({
        level: 'error' as const,
        title: `Smoke test ${t.method} ${t.url}`,
        message: `${f.assertion}: ${f.message}`,
      })),
    ),
  )
  if (!report.passed) {
    throw new Error(
      `Smoke test failed: ${report.failedCount} assertion(s) on ${report.targets.filter((t) => !t.passed).length} of ${report.targets.length} target(s)`,
    )
  }
}

function probe(gh: ActionContext, inputs: SmokeTestInputs, urls: readonly string[]): Promise<ProbeReport> {
  const targets = urls.map((url) => ({
    url,
    method: inputs.method,
    headers: inputs.headers,
    body: inputs.body,
  }))
  return probeAll(targets, inputs.probe, defaultProbeDeps(gh.log))
}

/** The post step removes a container that main could not (cancelled or crashed). */
async function post(gh: ActionContext): Promise<void> {
  const id = gh.getState(CONTAINER_STATE)
  if (id && (await removeContainer(id))) gh.log.info(`Removed container ${id}`)
}

await runAction(main, { post, secretInputs: SECRET_INPUTS })
