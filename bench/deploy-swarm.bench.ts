// The swarm provider's overhead around a converged rolling update of 2 replicas: its
// wall time minus the engine's own convergence window (UpdateStatus.StartedAt until the
// later of UpdateStatus.CompletedAt and the last replaced task's shutdown timestamp from
// `docker service ps`/`docker inspect`). Baseline in the same run: a minimal waiter
// (detached update, inspect every 100 ms until completed and drained), measured the same way.
// The same is measured for the deploy action's bundle (provider swarm, track: false), whose
// overhead also includes the Node 24 start and bundle load. Target: overhead < 1 s.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { silentLogger } from '../packages/common/src'
import { deploySwarmService, type SwarmServiceOptions } from '../packages/deploy-swarm/src'
import { buildServeImage, ensureSwarmManager, randomPortBase } from '../test/deploy-swarm/swarm-fixtures'
import { runActionBundle } from '../test/harness'
import { median, printTable } from './lib'

const ROUNDS = 3
const id = randomBytes(3).toString('hex')
const service = `pk-swarm-bench-${id}`
const images = [`pk-swarm-bench-${id}:a`, `pk-swarm-bench-${id}:b`]
const portBase = randomPortBase([500, 600])

function docker(args: string[]): string {
  const result = spawnSync('docker', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

/** The engine's convergence window of the latest update, in wall-clock ms. */
function engineWindow(): { startedAt: number; endedAt: number } {
  const status = JSON.parse(
    docker(['service', 'inspect', '--format', '{{json .UpdateStatus}}', service]),
  ) as {
    StartedAt: string
    CompletedAt?: string
  }
  const startedAt = Date.parse(status.StartedAt)
  let endedAt = Date.parse(status.CompletedAt ?? status.StartedAt)
  const ids = docker(['service', 'ps', '-q', '--no-trunc', service]).trim().split('\n').filter(Boolean)
  const lines = docker([
    'inspect',
    '--format',
    '{{.DesiredState}} {{.Status.State}} {{.Status.Timestamp}}',
    ...ids,
  ])
  for (const line of lines.trim().split('\n')) {
    const [desired, state, ...stamp] = line.split(' ')
    if (desired !== 'shutdown' || !['shutdown', 'complete'].includes(state ?? '')) continue
    // Go prints "2026-11-23 03:21:43.597048904 +0000 UTC"
    const at = Date.parse(
      stamp
        .slice(0, 2)
        .join('T')
        .replace(/(\.\d{3})\d+/, '$1') + 'Z',
    )
    if (at >= startedAt) endedAt = Math.max(endedAt, at)
  }
  return { startedAt, endedAt }
}

async function waitCompleted(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    await new Promise((r) => setTimeout(r, 100))
    const state = docker(['service', 'inspect', '--format', '{{.UpdateStatus.State}}', service]).trim()
    if (state === 'completed') return
    if (state.startsWith('rollback') || state === 'paused') throw new Error(`baseline update ended ${state}`)
  }
  throw new Error('baseline update did not complete within 120 s')
}

/** The CLI returns before replaced tasks have stopped; the next round must not start until they have. */
async function waitDrained(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const lines = docker(['service', 'ps', '--format', '{{.DesiredState}} {{.CurrentState}}', service])
    if (!lines.split('\n').some((l) => /^Shutdown (Running|Starting)/.test(l))) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('replaced tasks did not stop within 20 s')
}

const options = (image: string): SwarmServiceOptions => ({
  service,
  image,
  replicas: 2,
  networks: ['host'],
  env: { SLOT: '{{.Task.Slot}}', PORT_BASE: portBase },
  update: { delayMs: 0, monitorMs: 1_000 },
  convergenceTimeoutMs: 120_000,
})

const actionInputs = (image: string): Record<string, string> => ({
  provider: 'swarm',
  environment: 'bench',
  track: 'false',
  'github-token': '',
  service,
  image,
  replicas: '2',
  networks: 'host',
  env: `SLOT={{.Task.Slot}}\nPORT_BASE=${portBase}`,
  'update-delay': '0s',
  'update-monitor': '1s',
  'convergence-timeout': '120s',
})

async function main(): Promise<void> {
  ensureSwarmManager()
  buildServeImage(images[0]!, 'a')
  buildServeImage(images[1]!, 'b')
  try {
    await deploySwarmService(options(images[0]!), { logger: silentLogger })
    const rows: (string | number)[][] = []
    const providerOverhead: number[] = []
    const cliOverhead: number[] = []
    const actionOverhead: number[] = []
    let next = 1
    for (let round = 1; round <= ROUNDS; round++) {
      // Provider
      let started = Date.now()
      await deploySwarmService(options(images[next]!), { logger: silentLogger })
      let ended = Date.now()
      let engine = engineWindow()
      providerOverhead.push(ended - started - (engine.endedAt - engine.startedAt))
      rows.push([
        round,
        'provider',
        ended - started,
        engine.endedAt - engine.startedAt,
        providerOverhead.at(-1)!,
      ])
      next = 1 - next
      // The deploy action itself: the bundle on Node 24 as the runner starts it (track: false).
      started = Date.now()
      const run = await runActionBundle({
        action: 'deploy',
        inputs: actionInputs(images[next]!),
        timeoutMs: 170_000,
      })
      ended = Date.now()
      if (run.exitCode !== 0) throw new Error(`deploy action failed: ${run.failures.join('; ')}`)
      engine = engineWindow()
      actionOverhead.push(ended - started - (engine.endedAt - engine.startedAt))
      rows.push([
        round,
        'deploy action (bundle)',
        ended - started,
        engine.endedAt - engine.startedAt,
        actionOverhead.at(-1)!,
      ])
      next = 1 - next
      // Baseline: a minimal hand-written waiter: detached update, then inspect every 100 ms
      // until the engine says completed and the replaced tasks have stopped.
      started = Date.now()
      docker(['service', 'update', '--detach', '--quiet', '--image', images[next]!, service])
      await waitCompleted()
      await waitDrained()
      ended = Date.now()
      engine = engineWindow()
      cliOverhead.push(ended - started - (engine.endedAt - engine.startedAt))
      rows.push([
        round,
        'baseline: update --detach + 100 ms inspect loop',
        ended - started,
        engine.endedAt - engine.startedAt,
        cliOverhead.at(-1)!,
      ])
      next = 1 - next
    }
    printTable(
      'swarm provider: rolling update of 2 replicas (start-first, monitor 1 s), wall ms',
      ['round', 'what', 'total', 'engine convergence', 'overhead'],
      rows,
    )
    const provider = median(providerOverhead)
    const cli = median(cliOverhead)
    printTable(
      'swarm provider overhead (median)',
      ['provider overhead ms', 'baseline overhead ms', 'ratio', 'target'],
      [
        [
          Math.round(provider),
          Math.round(cli),
          cli > 0 ? (provider / cli).toFixed(2) : 'n/a',
          provider < 1000 ? '< 1 s: met' : '< 1 s: MISSED',
        ],
      ],
    )
    const viaAction = median(actionOverhead)
    printTable(
      'deploy action (provider swarm) overhead, including Node 24 start and bundle load (median)',
      ['action overhead ms', 'baseline overhead ms', 'target'],
      [[Math.round(viaAction), Math.round(cli), viaAction < 1000 ? '< 1 s: met' : '< 1 s: MISSED']],
    )
  } catch (error) {
    console.log(`port base ${portBase}`)
    console.log(docker(['service', 'ps', '--no-trunc', service]))
    throw error
  } finally {
    spawnSync('docker', ['service', 'rm', service], { stdio: 'ignore' })
    spawnSync('docker', ['rmi', '-f', ...images], { stdio: 'ignore' })
  }
}

await main()
