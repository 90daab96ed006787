import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { runActionBundle } from '../harness'
import { buildBusyboxImage, dockerRemove, needDocker } from '../services'
import { freePort } from './test-servers'

const images: string[] = []
// By image, not by name: other suites running at the same time start pk-smoke-* containers too.
const containersOf = (image: string) =>
  spawnSync('docker', ['ps', '-aq', '--filter', `ancestor=${image}`], { encoding: 'utf8' }).stdout.trim()

// Engines started with --bridge=none (no iptables) cannot publish ports: serve on the host network there.
const network = () =>
  spawnSync('docker', ['network', 'inspect', 'bridge'], { stdio: 'ignore' }).status === 0 ? 'bridge' : 'host'
const containerInputs = async () => {
  const port = String(await freePort())
  return { 'container-port': port, 'container-env': `PORT=${port}`, 'container-network': network() }
}

describe.runIf(needDocker())('smoke-test with a real Docker container', () => {
  afterAll(() => dockerRemove('image', images))

  const httpd = (tag: string, health: string) => {
    images.push(tag)
    return buildBusyboxImage(tag, {
      files: { '/www/index.html': '<h1>sample app</h1>\n', '/www/health.json': health },
      instructions: ['EXPOSE 8080', 'CMD ["sh", "-c", "exec httpd -f -v -p ${PORT:-8080} -h /www"]'],
    })
  }

  it('starts the image on a free port, probes it and removes the container', async () => {
    const image = httpd('pk-smoke-httpd:ok', '{"status":"ok"}')
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        image,
        ...(await containerInputs()),
        urls: '/\n/health.json',
        'expect-body-contains': '',
        'expect-status': '200',
        timeout: '30s',
        interval: '100ms',
      },
    })
    expect(run.failures).toEqual([])
    expect(run.exitCode).toBe(0)
    const report = JSON.parse(run.outputs.report!)
    expect(report.targets.map((t: { url: string }) => t.url)).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/health\.json$/),
    ])
    expect(run.state['container-id']).toBe('')
    expect(containersOf(image)).toBe('')
  })

  it('prints the container logs on failure and still removes it; post cleans up what main left', async () => {
    const image = httpd('pk-smoke-httpd:degraded', '{"status":"degraded"}')
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: {
        image,
        ...(await containerInputs()),
        urls: '/health.json',
        'expect-json': 'status=ok',
        timeout: '2s',
        interval: '100ms',
      },
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::group::Logs of pk-smoke-httpd:degraded')
    expect(run.stdout).toMatch(/response:200/) // busybox httpd -v logs each request
    expect(containersOf(image)).toBe('')

    // A container main could not remove (a cancelled job) is removed by the post step.
    const leftover = spawnSync('docker', ['run', '-d', '--name', 'pk-smoke-leftover', image], {
      encoding: 'utf8',
    }).stdout.trim()
    const post = await runActionBundle({
      action: 'smoke-test',
      phase: 'post',
      state: { 'pipeline-kit-is-post': 'true', 'container-id': leftover },
    })
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain(`Removed container ${leftover}`)
    expect(containersOf(image)).toBe('')
  })

  it('fails clearly for an image that does not exist', async () => {
    const run = await runActionBundle({
      action: 'smoke-test',
      inputs: { image: 'pk-smoke-missing:none', urls: '/' },
    })
    expect(run.exitCode).toBe(1)
    expect(run.failures[0]).toMatch(
      /^Input 'image': could not start 'pk-smoke-missing:none': .*(not found|pull access denied|Unable to find image)/s,
    )
  })
})
