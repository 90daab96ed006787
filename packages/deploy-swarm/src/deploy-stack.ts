import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describeError } from '@pipeline-kit/common'
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
import { rollBackService } from './deploy-service'
import { describeHostBinding, explicitStartFirstWarning, fitUpdateOrder } from './host-binding'
import {
  resolveConvergenceTimeout,
  resolveRollingUpdate,
  validateImageReference,
  validateSwarmName,
  type SwarmStackOptions,
} from './options'
import {
  assertSwarmManager,
  countRunningReplicas,
  inspectServices,
  listStackServices,
  type ServiceState,
} from './swarm-state'

interface StackServicePlan {
  readonly service: string
  readonly before?: ServiceState
  readonly kind: 'update' | 'tasks'
  readonly image?: string
}

/**
 * Deploys a stack from a compose file: substitutes the image tag for the services of
 * the image's repository, fills the rolling-update inputs into services that set none,
 * runs `docker stack deploy`, waits for every changed service to converge, runs the
 * smoke checks, and on failure restores the previous stack definition (each changed
 * service rolled back to its previous spec, services the deploy added removed).
 */
export async function deploySwarmStack(
  options: SwarmStackOptions,
  deps: SwarmDeps,
): Promise<SwarmDeployResult> {
  const stack = validateSwarmName('stack', options.stack, 50)
  const image = options.image ? validateImageReference('image', options.image) : undefined
  const update = resolveRollingUpdate(options.update)
  const timeoutMs = resolveConvergenceTimeout(options.convergenceTimeoutMs)
  // Loaded here: the YAML parser is a third of the deploy bundle and only stacks need it.
  const {
    applyUpdateDefaults,
    composeServiceNetworking,
    composeUpdateConfig,
    readComposeFile,
    substituteImage,
  } = await import('./compose')
  const compose = readComposeFile(options.composeFile, options.cwd)
  for (const name of compose.services) validateSwarmName(`compose-file service`, `${stack}_${name}`)
  const substituted = image ? substituteImage(compose, image, options.composeFile) : []
  const fitted = new Map(
    compose.services.map((name) => {
      const service = `${stack}_${name}`
      const binding = describeHostBinding(composeServiceNetworking(compose, name))
      const own = composeUpdateConfig(compose, name)
      const fit = fitUpdateOrder(service, update, binding)
      if (binding && own?.order === 'start-first') {
        deps.logger.warning(explicitStartFirstWarning(service, binding, options.composeFile))
      } else if (fit.warning && !own) deps.logger.warning(fit.warning)
      return [name, fit.update] as const
    }),
  )
  applyUpdateDefaults(compose, (name) => fitted.get(name) ?? update)

  const ctx = await openDeployContext(options.connection, deps)
  const { docker, timeline } = ctx
  const logger = deps.logger
  const rendered = join(
    dirname(compose.path),
    `.${basename(compose.path)}.pk-swarm-${randomBytes(4).toString('hex')}.yml`,
  )
  try {
    await timeline.step(
      'manager check',
      () => assertSwarmManager(docker.run, docker.hostLabel),
      () => docker.hostLabel,
    )
    const previous = await timeline.step(
      'snapshot',
      async () => inspectServices(docker.run, await listStackServices(docker.run, stack)),
      (s) =>
        s.length
          ? `previous definition of ${s.map((x) => `${x.name} (${x.image})`).join(', ')}`
          : 'new stack',
    )
    writeFileSync(rendered, compose.document.toString(), { mode: 0o600 })
    // No --detach flag: CLIs before 26 do not know it, and every version returns without
    // waiting for the tasks by default (the provider waits itself, below).
    await timeline.step(
      'stack deploy',
      () => docker.run(['stack', 'deploy', '--with-registry-auth', '--compose-file', rendered, '--', stack]),
      () =>
        substituted.length
          ? `${substituted.map((s) => `${stack}_${s}`).join(', ')} → ${image}`
          : `${compose.services.length} services from ${options.composeFile}`,
    )

    const names = compose.services.map((s) => `${stack}_${s}`)
    const after = await inspectServices(docker.run, names)
    const plans: StackServicePlan[] = names.map((service) => {
      const before = previous.find((p) => p.name === service)
      const now = after.find((a) => a.name === service)
      return {
        service,
        before,
        image: now?.image,
        kind: before && now && now.taskTemplateJson !== before.taskTemplateJson ? 'update' : 'tasks',
      }
    })
    for (const plan of plans) {
      logger.info(
        !plan.before
          ? `New service ${plan.service}`
          : plan.kind === 'update'
            ? `Rolling update of ${plan.service}: ${plan.before.image} → ${after.find((a) => a.name === plan.service)?.image}`
            : `Service ${plan.service} is unchanged`,
      )
    }

    const deadlineAt = ctx.now() + timeoutMs
    const states = await timeline.step(
      'converge',
      () =>
        Promise.all(
          plans.map((p) =>
            waitForConvergence(
              docker.run,
              {
                service: p.service,
                kind: p.kind,
                baselineStartedAt: p.before?.updateStatus?.startedAt,
                targetImage: p.image,
                deadlineAt,
                timeoutMs,
              },
              ctx.wait,
            ),
          ),
        ),
      (rs) => rs.map((r) => `${r.service.name} ${r.runningReplicas}/${r.desiredReplicas}`).join(', '),
    )

    const reports = (rs: readonly ConvergenceResult[]): ServiceReport[] =>
      rs.map((r, i) => ({
        service: r.service.name,
        image: r.service.image,
        previousImage: plans[i]!.before?.image,
        created: !plans[i]!.before,
        replicas: r.runningReplicas,
        desiredReplicas: r.desiredReplicas,
        engineStartedAt: r.engineStartedAt,
        engineCompletedAt: r.engineCompletedAt,
      }))
    const firstSubstituted = substituted[0] ? `${stack}_${substituted[0]}` : undefined
    const result = (
      rs: readonly ConvergenceResult[],
      rolledBack: boolean,
      rollbackDetail?: string,
    ): SwarmDeployResult => {
      const services = reports(rs)
      return {
        mode: 'stack',
        services,
        image,
        previousImage: previous.find((p) => p.name === firstSubstituted)?.image,
        replicas: services.reduce((sum, s) => sum + s.replicas, 0),
        rolledBack,
        rollbackDetail,
        timeline: timeline.entries,
        engineConvergenceMs: engineWindowMs(services),
      }
    }

    let failure: string | undefined
    const bad = states.filter((s) => s.outcome !== 'converged')
    if (bad.length === 0) {
      if (!deps.verify) return result(states, false)
      const verdict = await timeline.step(
        'verify',
        () =>
          deps.verify!({ services: names, image }).catch((error: unknown) => ({
            ok: false,
            message: describeError(error),
          })),
        (v) => v.message,
      )
      if (verdict.ok) return result(states, false)
      failure = `Smoke checks failed after stack ${stack} converged: ${verdict.message}`
    } else {
      failure = `Stack ${stack} did not converge: ${bad.map((s) => s.message).join('; ')}`
    }
    const restored = await restorePrevious(ctx, plans, states, timeoutMs)
    const detail = restored.join('; ')
    // After the restore, count what serves now.
    const now = await inspectServices(
      docker.run,
      names.filter((n) => plans.find((p) => p.service === n)?.before),
    )
    const running = await Promise.all(now.map((svc) => countRunningReplicas(docker.run, svc.name, svc.image)))
    throw new SwarmDeployError(`${failure}. Restored the previous stack definition: ${detail}.`, {
      ...result(states, true, detail),
      replicas: running.reduce((sum, n) => sum + n, 0),
    })
  } finally {
    rmSync(rendered, { force: true })
    ctx.close()
  }
}

/** Puts every service the deploy touched back the way the snapshot had it. */
async function restorePrevious(
  ctx: DeployContext,
  plans: readonly StackServicePlan[],
  states: readonly ConvergenceResult[],
  timeoutMs: number,
): Promise<string[]> {
  const details: string[] = []
  for (const [i, plan] of plans.entries()) {
    const state = states[i]!
    if (!plan.before) {
      await ctx.timeline.step(
        'rollback',
        () => ctx.docker.run(['service', 'rm', '--', plan.service]),
        () => `removed ${plan.service}`,
      )
      details.push(`removed new service ${plan.service}`)
    } else if (state.outcome === 'rolled-back') {
      details.push(`the engine rolled ${plan.service} back to ${state.service.image}`)
    } else if (plan.kind === 'update') {
      const rolled = await rollBackService(
        ctx,
        plan.service,
        plan.before,
        state.service.updateStatus?.startedAt,
        timeoutMs,
      )
      details.push(rolled.detail)
    }
  }
  return details.length ? details : ['no service had changed']
}
