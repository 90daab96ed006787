import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeError, formatDuration, UserError } from '@pipeline-kit/common'
import { waitForConvergence, type ConvergenceResult } from './converge'
import {
  engineWindowMs,
  openDeployContext,
  SwarmDeployError,
  type DeployContext,
  type ServiceReport,
  type SwarmDeployResult,
  type SwarmDeps,
} from './deploy-context'
import {
  resolveConvergenceTimeout,
  resolveRollingUpdate,
  validateHealthCheck,
  validateImageReference,
  validateReplicas,
  validateSwarmName,
  type SwarmServiceOptions,
} from './options'
import { describeHostBinding, fitUpdateOrder, networkingOfInputs, networkingOfService } from './host-binding'
import { createServiceArgs, updateServiceArgs } from './service-args'
import { assertSwarmManager, inspectService, type ServiceState } from './swarm-state'

/**
 * Rolls one swarm service to a new image: `docker service update --image` with the
 * rolling-update settings (or `docker service create` when the service does not exist),
 * waits for every replica to converge and pass its health check, runs the smoke checks,
 * and on any failure leaves the previous version serving (the engine's automatic
 * rollback, or `docker service rollback`; a service created by this call is removed).
 * Throws SwarmDeployError (a UserError carrying the result) when the deployment failed.
 */
export async function deploySwarmService(
  options: SwarmServiceOptions,
  deps: SwarmDeps,
): Promise<SwarmDeployResult> {
  const service = validateSwarmName('service', options.service)
  const image = validateImageReference('image', options.image)
  const replicas = validateReplicas(options.replicas)
  const requested = resolveRollingUpdate(options.update)
  const healthCheck = validateHealthCheck(options.healthCheck)
  const timeoutMs = resolveConvergenceTimeout(options.convergenceTimeoutMs)
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || /[\r\n]/.test(value)) {
      throw new UserError(
        `Input env has an invalid entry ${JSON.stringify(key)}: expected NAME=value with a name of letters, digits and _ and a one-line value`,
      )
    }
  }

  const ctx = await openDeployContext(options.connection, deps)
  const { docker, timeline } = ctx
  const logger = deps.logger
  try {
    await timeline.step(
      'manager check',
      () => assertSwarmManager(docker.run, docker.hostLabel),
      () => docker.hostLabel,
    )
    const before = await inspectService(docker.run, service)
    const created = before === undefined
    const networking = before
      ? await networkingOfService(docker.run, before)
      : networkingOfInputs(options.networks, options.publish)
    const { update, warning } = fitUpdateOrder(service, requested, describeHostBinding(networking))
    if (warning) logger.warning(warning)
    let baseline = before?.updateStatus?.startedAt
    let kind: 'update' | 'tasks' = 'tasks'

    if (created) {
      const count = replicas ?? 1
      await timeline.step(
        'create',
        () =>
          withEnvFile(options.env, (envFile) =>
            docker.run(
              createServiceArgs({
                service,
                image,
                replicas: count,
                update,
                healthCheck,
                publish: options.publish,
                networks: options.networks,
                envFile,
              }),
            ),
          ),
        () => `${service}: ${count} × ${image}`,
      )
      logger.info(`Created service ${service} with ${count} replicas of ${image}`)
    } else {
      await timeline.step(
        'update',
        () =>
          docker.run(updateServiceArgs({ service, image, replicas, update, healthCheck, env: options.env })),
        () => `${before.image} → ${image} (parallelism ${update.parallelism}, ${update.order})`,
      )
      const after = await inspectService(docker.run, service)
      kind = after && after.taskTemplateJson !== before.taskTemplateJson ? 'update' : 'tasks'
      logger.info(
        kind === 'update'
          ? `Rolling update of ${service}: ${before.image} → ${image}`
          : `Service ${service} already runs this definition; checking its tasks`,
      )
    }

    const deadlineAt = ctx.now() + timeoutMs
    const converged = await timeline.step(
      'converge',
      () =>
        waitForConvergence(
          docker.run,
          { service, kind, baselineStartedAt: baseline, deadlineAt, timeoutMs, targetImage: image },
          ctx.wait,
        ),
      (r) => `${r.runningReplicas}/${r.desiredReplicas} replicas: ${r.message}`,
    )
    const report = (r: ConvergenceResult, running = r.runningReplicas): ServiceReport => ({
      service,
      image: r.service.image,
      previousImage: before?.image,
      created,
      replicas: running,
      desiredReplicas: r.desiredReplicas,
      engineStartedAt: r.engineStartedAt,
      engineCompletedAt: r.engineCompletedAt,
    })
    const result = (
      r: ConvergenceResult,
      rolledBack: boolean,
      rollbackDetail?: string,
    ): SwarmDeployResult => {
      const reports = [report(r)]
      return {
        mode: 'service',
        services: reports,
        image,
        previousImage: before?.image,
        replicas: r.runningReplicas,
        rolledBack,
        rollbackDetail,
        timeline: timeline.entries,
        engineConvergenceMs: engineWindowMs(reports),
      }
    }

    let failure: string | undefined
    if (converged.outcome === 'converged') {
      if (!deps.verify) return result(converged, false)
      const verdict = await timeline.step(
        'verify',
        () =>
          deps.verify!({ services: [service], image }).catch((error: unknown) => ({
            ok: false,
            message: describeError(error),
          })),
        (v) => v.message,
      )
      if (verdict.ok) return result(converged, false)
      failure = `Smoke checks failed after ${service} converged on ${image}: ${verdict.message}`
    } else if (converged.outcome === 'rolled-back') {
      const detail = `the engine rolled ${service} back to ${converged.service.image} (${converged.runningReplicas}/${converged.desiredReplicas} replicas running)`
      timeline.add('rollback', ctx.now(), 'ok', detail)
      throw new SwarmDeployError(
        `The rolling update of ${service} to ${image} failed (${converged.message}); ${detail}.`,
        result(converged, true, detail),
      )
    } else if (converged.outcome === 'paused') {
      throw new SwarmDeployError(
        `The rolling update of ${service} to ${image} stopped: ${converged.message}. ` +
          `Input update-failure-action is ${update.failureAction}, so nothing was rolled back; ` +
          `inspect with \`docker service ps ${service}\`.`,
        result(converged, false),
      )
    } else {
      failure = `The rolling update of ${service} to ${image} failed: ${converged.message}`
    }

    baseline = converged.service.updateStatus?.startedAt
    const rolledBack = created
      ? await removeCreated(ctx, service)
      : await rollBackService(ctx, service, before, baseline, timeoutMs)
    throw new SwarmDeployError(`${failure}. ${rolledBack.detail}.`, {
      ...result(rolledBack.state ?? converged, true, rolledBack.detail),
      replicas: rolledBack.state?.runningReplicas ?? 0,
    })
  } finally {
    ctx.close()
  }
}

async function removeCreated(
  ctx: DeployContext,
  service: string,
): Promise<{ detail: string; state?: ConvergenceResult }> {
  await ctx.timeline.step(
    'rollback',
    () => ctx.docker.run(['service', 'rm', '--', service]),
    () => `removed ${service}`,
  )
  return { detail: `Removed the new service ${service}; nothing ran there before` }
}

/** `docker service rollback` and a wait for the previous definition to converge again. */
export async function rollBackService(
  ctx: DeployContext,
  service: string,
  before: ServiceState,
  baselineStartedAt: string | undefined,
  timeoutMs: number,
): Promise<{ detail: string; state: ConvergenceResult }> {
  return ctx.timeline.step(
    'rollback',
    async () => {
      await ctx.docker.run(['service', 'rollback', '--detach', '--quiet', '--', service])
      const deadlineAt = ctx.now() + timeoutMs
      const state = await waitForConvergence(
        ctx.docker.run,
        { service, kind: 'rollback', baselineStartedAt, deadlineAt, timeoutMs },
        ctx.wait,
      )
      if (state.outcome !== 'converged') {
        throw new UserError(
          `Rolling ${service} back to ${before.image} did not complete: ${state.message}; ` +
            `inspect with \`docker service ps ${service}\``,
        )
      }
      return {
        detail: `Rolled ${service} back to ${state.service.image} (${state.runningReplicas}/${state.desiredReplicas} replicas running, took ${formatDuration(ctx.timeline.elapsed())} in all)`,
        state,
      }
    },
    (r) => r.detail,
  )
}

async function withEnvFile<T>(
  env: Readonly<Record<string, string>> | undefined,
  fn: (envFile: string | undefined) => Promise<T>,
): Promise<T> {
  if (!env || Object.keys(env).length === 0) return fn(undefined)
  const dir = mkdtempSync(join(tmpdir(), 'pk-swarm-env-'))
  const file = join(dir, 'service.env')
  try {
    writeFileSync(
      file,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
      { mode: 0o600 },
    )
    return await fn(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
