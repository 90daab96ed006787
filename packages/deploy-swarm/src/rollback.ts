import { UserError } from '@pipeline-kit/common'
import {
  engineWindowMs,
  openDeployContext,
  type ServiceReport,
  type SwarmDeployResult,
  type SwarmDeps,
} from './deploy-context'
import { rollBackService } from './deploy-service'
import { resolveConvergenceTimeout, validateSwarmName, type SwarmRollbackOptions } from './options'
import { assertSwarmManager, inspectServices, listStackServices } from './swarm-state'

/**
 * Manual rollback (`rollback: true`): puts a service, or every service of a stack that
 * has one, back on its previous definition with `docker service rollback`, and waits
 * for it to converge. Deploys nothing new.
 */
export async function rollbackSwarm(
  options: SwarmRollbackOptions,
  deps: SwarmDeps,
): Promise<SwarmDeployResult> {
  const target = options.service
    ? {
        names: [validateSwarmName('service', options.service)],
        stack: undefined,
        label: `service ${options.service}`,
      }
    : {
        names: undefined,
        stack: validateSwarmName('stack', options.stack ?? '', 50),
        label: `stack ${options.stack}`,
      }
  const timeoutMs = resolveConvergenceTimeout(options.convergenceTimeoutMs)
  const ctx = await openDeployContext(options.connection, deps)
  const { docker, timeline } = ctx
  try {
    await timeline.step(
      'manager check',
      () => assertSwarmManager(docker.run, docker.hostLabel),
      () => docker.hostLabel,
    )
    const names = target.names ?? (await listStackServices(docker.run, target.stack))
    if (names.length === 0)
      throw new UserError(`Input stack names ${target.label}, which has no services on this swarm`)
    const services = await inspectServices(docker.run, names).catch((error: unknown) => {
      if (error instanceof Error && /no such service/i.test(error.message)) {
        throw new UserError(`Input service names ${target.label}, which does not exist on this swarm`)
      }
      throw error
    })
    // After a rollback the engine's previous spec is the version just abandoned: rolling
    // back again would bring the failed version back, so it is refused.
    const rolledBackAlready = services.filter((s) => s.updateStatus?.state.startsWith('rollback'))
    if (rolledBackAlready.length > 0 && rolledBackAlready.length === services.length) {
      const s = rolledBackAlready[0]!
      throw new UserError(
        `Nothing to roll back: ${target.label} was already rolled back (it runs ${s.image}); rolling back again ` +
          `would bring back ${s.previousImage ?? 'the version that was rolled back'}. Deploy the version you want instead.`,
      )
    }
    const rollable = services.filter((s) => s.hasPreviousSpec && !rolledBackAlready.includes(s))
    if (rollable.length === 0) {
      throw new UserError(
        `Nothing to roll back: ${target.label} has no previous definition on the swarm ` +
          `(never updated, or already rolled back)`,
      )
    }
    const reports: ServiceReport[] = []
    const details: string[] = []
    for (const service of rollable) {
      const rolled = await rollBackService(
        ctx,
        service.name,
        service,
        service.updateStatus?.startedAt,
        timeoutMs,
      )
      details.push(rolled.detail)
      reports.push({
        service: service.name,
        image: rolled.state.service.image,
        previousImage: service.image,
        created: false,
        replicas: rolled.state.runningReplicas,
        desiredReplicas: rolled.state.desiredReplicas,
        engineStartedAt: rolled.state.engineStartedAt,
        engineCompletedAt: rolled.state.engineCompletedAt,
      })
    }
    return {
      mode: 'rollback',
      services: reports,
      image: reports[0]?.image,
      previousImage: reports[0]?.previousImage,
      replicas: reports.reduce((sum, r) => sum + r.replicas, 0),
      rolledBack: true,
      rollbackDetail: details.join('; '),
      timeline: timeline.entries,
      engineConvergenceMs: engineWindowMs(reports),
    }
  } finally {
    ctx.close()
  }
}
