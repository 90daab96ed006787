// The ssh provider from start to switched-and-verified with a 50 MB release directory on
// loopback (a real sshd on 127.0.0.1), against a plain `rsync` + `ssh ln -sfn` baseline
// (plus one GET, so both end verified) measured in the same run. "Switched and verified" is
// when the site first serves the new release to the checker (the baseline's GET, the
// action's smoke check); the time until the step returns (old releases removed) is shown
// too. Every round deploys new content (incompressible random files), so the provider's
// hard links to the current release save nothing and both sides transfer 50 MB.
// Target: provider ≤ 1.3× baseline. A second table shows a redeploy of unchanged content:
// the provider hard-links it from the current release (rsync --link-dest), which mostly
// saves disk here, since loopback transfers are cheap.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../packages/common/src'
import { deploySshRelease } from '../packages/deploy-ssh/src'
import { startTestSshd } from '../test/deploy-swarm/sshd'
import { runActionBundle } from '../test/harness'
import { median, printTable } from './lib'

const ROUNDS = 5
const FILES = 400
const FILE_BYTES = 128 * 1024 // 400 × 128 KiB = 50 MiB

const work = mkdtempSync(join(tmpdir(), 'pk-deploy-bench-'))
const base = join(work, 'host', 'srv', 'app')
const workspace = join(work, 'workspace')
const source = join(workspace, 'dist')

/** New random content for the release, so no round can reuse the previous one's files. */
function writeRelease(marker: string): void {
  rmSync(source, { recursive: true, force: true })
  for (let i = 0; i < FILES; i++) {
    const dir = join(source, 'assets', String(i % 20))
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `chunk-${i}.bin`), randomBytes(FILE_BYTES))
  }
  writeFileSync(join(source, 'index.html'), `release ${marker}\n`)
}

async function main(): Promise<void> {
  const sshd = await startTestSshd()
  // The moment the site first serves the release being deployed, as seen by whoever checks
  // it (the baseline's GET or the action's smoke check): that is "switched and verified".
  let expecting = ''
  let verifiedAt = 0
  const server = createServer((_req, res) => {
    // No keep-alive: rounds are seconds apart, and a reused socket the server closed resets.
    res.setHeader('connection', 'close')
    try {
      const body = readFileSync(join(base, 'current', 'index.html'))
      if (expecting && !verifiedAt && body.includes(expecting)) verifiedAt = performance.now()
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  // The baseline's ssh: the same host-key verification, no multiplexing.
  const sshDir = join(work, 'ssh')
  mkdirSync(sshDir, { mode: 0o700 })
  writeFileSync(join(sshDir, 'known_hosts'), sshd.knownHosts)
  writeFileSync(join(sshDir, 'id'), sshd.clientKey, { mode: 0o600 })
  writeFileSync(
    join(sshDir, 'config'),
    [
      'Host bench',
      '  HostName 127.0.0.1',
      `  Port ${sshd.port}`,
      `  User ${sshd.user}`,
      `  UserKnownHostsFile ${join(sshDir, 'known_hosts')}`,
      '  StrictHostKeyChecking yes',
      `  IdentityFile ${join(sshDir, 'id')}`,
      '  BatchMode yes',
      '',
    ].join('\n'),
  )
  const sshConfig = join(sshDir, 'config')
  mkdirSync(join(base, 'releases'), { recursive: true })

  const verify = async (marker: string) => {
    const body = await (await fetch(site)).text()
    if (!body.includes(marker)) throw new Error(`expected ${marker}, got ${body}`)
  }
  const baseline = async (id: string) => {
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
    }
    run('rsync', ['-a', '-e', `ssh -F ${sshConfig}`, `${source}/`, `bench:${base}/releases/${id}/`])
    run('ssh', ['-F', sshConfig, 'bench', `ln -sfn releases/${id} ${base}/current`])
    await verify(id)
  }
  const inputs = (id: string) => ({
    provider: 'ssh',
    environment: 'bench',
    track: 'false',
    'github-token': '',
    host: '127.0.0.1',
    port: String(sshd.port),
    user: sshd.user,
    'ssh-key': sshd.clientKey,
    'known-hosts': sshd.knownHosts,
    source: 'dist',
    'deploy-path': base,
    'keep-releases': '3',
    'release-id': id,
    'smoke-urls': site,
    'smoke-expect-body-contains': id,
  })
  const action = async (id: string) => {
    const run = await runActionBundle({ action: 'deploy', workspace, inputs: inputs(id) })
    if (run.exitCode !== 0) throw new Error(`deploy failed: ${run.failures.join('; ')}`)
  }
  const provider = async (id: string) => {
    const smoke = async () => {
      const body = await (await fetch(site)).text()
      return { ok: body.includes(id), message: body }
    }
    await deploySshRelease(
      {
        target: {
          host: '127.0.0.1',
          port: sshd.port,
          user: sshd.user,
          knownHosts: sshd.knownHosts,
          privateKey: sshd.clientKey,
        },
        deployPath: base,
        releaseId: id,
        source,
        transfer: 'auto',
        keep: 3,
      },
      { logger: silentLogger, verify: smoke },
    )
  }
  /** Runs one deployment of `id`: ms to switched-and-verified, and until the call returned. */
  const time = async (id: string, fn: (id: string) => Promise<void>) => {
    expecting = `release ${id}\n`
    verifiedAt = 0
    const started = performance.now()
    await fn(id)
    const ended = performance.now()
    if (!verifiedAt) throw new Error(`${id} was never served`)
    return { verified: verifiedAt - started, total: ended - started }
  }

  try {
    const rows: (string | number)[][] = []
    const kinds = ['baseline', 'action', 'provider'] as const
    const verified = { baseline: [] as number[], action: [] as number[], provider: [] as number[] }
    const total = { baseline: [] as number[], action: [] as number[], provider: [] as number[] }
    let n = 0
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of kinds) {
        const id = `r${++n}`
        writeRelease(id)
        const ms = await time(id, kind === 'baseline' ? baseline : kind === 'action' ? action : provider)
        verified[kind].push(ms.verified)
        total[kind].push(ms.total)
        rows.push([round, kind, Math.round(ms.verified), Math.round(ms.total)])
      }
    }
    printTable(
      'ssh deploy of a new 50 MiB release (400 random files), wall ms',
      ['round', 'what', 'start → switched and verified', 'until the step returned'],
      rows,
    )
    const b = median(verified.baseline)
    const bt = median(total.baseline)
    const label = {
      baseline: 'baseline: rsync -a + ssh ln -sfn + GET',
      action: 'deploy action (bundle on Node 24, track: false, smoke check)',
      provider: 'deploySshRelease (package call)',
    }
    printTable(
      `ssh provider vs rsync + ssh ln -sfn baseline (median of ${ROUNDS})`,
      ['what', 'switched and verified ms', 'ratio', 'target ≤ 1.3×', 'returned ms (incl. cleanup)', 'ratio'],
      kinds.map((kind) => {
        const v = median(verified[kind])
        const t = median(total[kind])
        return [
          label[kind],
          Math.round(v),
          (v / b).toFixed(2),
          kind === 'baseline' ? '' : v <= 1.3 * b ? 'met' : 'MISSED',
          Math.round(t),
          (t / bt).toFixed(2),
        ]
      }),
    )

    // Redeploying unchanged content: the provider hard-links it from the current release.
    const warm = { baseline: [] as number[], action: [] as number[] }
    for (let round = 1; round <= ROUNDS; round++) {
      const a = `w${++n}`
      writeFileSync(join(source, 'index.html'), `release ${a}\n`)
      warm.baseline.push((await time(a, baseline)).verified)
      const c = `w${++n}`
      writeFileSync(join(source, 'index.html'), `release ${c}\n`)
      warm.action.push((await time(c, action)).verified)
    }
    const wb = median(warm.baseline)
    printTable(
      'redeploy with unchanged assets (only index.html differs), median ms to switched and verified',
      ['what', 'ms', 'ratio to baseline'],
      [
        ['baseline: rsync -a + ssh ln -sfn + GET', Math.round(wb), '1.00'],
        [
          'deploy action (rsync --link-dest=current)',
          Math.round(median(warm.action)),
          (median(warm.action) / wb).toFixed(2),
        ],
      ],
    )
  } finally {
    server.close()
    sshd.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
