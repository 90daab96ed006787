import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeError } from '@pipeline-kit/common'
import { isMapping } from './actions-libraries'
import { parseContainerSpec, type ContainerSpec } from './container-spec'
import { dockerCli, requireDockerEngine } from './docker-engine'
import { evaluateToken, type Contexts, type Value } from './expressions'
import { jobContainerMounts, startJobContainer } from './job-container'
import { createJobNetwork, removeJobDocker, startService, waitForHealthy } from './job-services'
import type { JobPlan } from './load-workflow'
import { annotate, type JobState, type RunContext } from './run-context'

/**
 * "Initialize containers" of a job with `container:` or `services:`: the job network,
 * each service started and its health check waited for, then the job container; all of
 * it removed by the job's cleanups, also when a step of this fails. Returns the
 * `job.container` and `job.services` contexts.
 */
export async function initializeContainers(
  run: RunContext,
  state: JobState,
  job: JobPlan,
  contexts: Contexts,
): Promise<Record<string, Value>> {
  const where = `jobs.${job.id}`
  const container = parseContainerSpec(evaluateToken(job.container, { contexts }), `${where}.container`)
  const services: [string, ContainerSpec][] = []
  if (job.services && isMapping(job.services)) {
    for (const pair of job.services) {
      const id = String((pair.key as { value?: unknown }).value)
      const spec = parseContainerSpec(evaluateToken(pair.value, { contexts }), `${where}.services.${id}`)
      if (spec) services.push([id, spec])
    }
  }
  if (!container && services.length === 0) return {}
  const cli = dockerCli(run.options.env)
  await requireDockerEngine(cli, `${where} (container: / services:)`)
  for (const spec of [container, ...services.map(([, s]) => s)])
    if (spec?.credentials) state.masks.push(spec.credentials.password)
  const created: string[] = []
  const { network, shared, warning } = await createJobNetwork(cli)
  state.cleanups.push(() => removeJobDocker(cli, created, shared ? undefined : network))
  if (warning) annotate(run, state, 'Initialize containers', 'warning', warning)
  const servicesContext: Record<string, Value> = {}
  for (const [id, spec] of services) {
    const started = await startService(cli, id, spec, network)
    created.push(started.container)
    servicesContext[id] = { id: started.container, network, ports: started.ports }
  }
  for (const [id] of services) {
    const started = servicesContext[id] as { id: string; ports: Record<string, string> }
    try {
      await waitForHealthy(cli, { id, container: started.id, ports: started.ports })
    } catch (error) {
      throw new Error(`Failed to initialize containers: ${describeError(error)}`)
    }
  }
  const mounts = jobContainerMounts({
    workspace: state.workspace,
    stepsDir: state.stepsDir,
    runnerTemp: join(run.workDir, 'runner-temp'),
    repository: String(run.github.repository ?? 'repo'),
  })
  mkdirSync(join(run.workDir, 'runner-temp', '_github_workflow'), { recursive: true })
  writeFileSync(
    join(run.workDir, 'runner-temp', '_github_workflow', 'event.json'),
    JSON.stringify(run.github.event ?? {}),
  )
  const hosts = shared ? services.map(([id]) => id) : []
  let name: string | undefined
  let defaultShell = 'bash'
  if (container) {
    const started = await startJobContainer(cli, container, network, mounts, hosts)
    created.push(started.name)
    name = started.name
    defaultShell = started.defaultShell
  }
  state.jobContainer = { name, network, workspace: mounts[1]!.container, mounts, defaultShell, hosts }
  return {
    ...(name ? { container: { id: name, network } } : { container: { network } }),
    services: servicesContext,
  }
}
