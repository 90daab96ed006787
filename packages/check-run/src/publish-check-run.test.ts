import { createRecordingLogger } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import { publishCheckRun, type CheckAnnotation, type RequestClient } from './index'

function recordingClient(fail?: { status: number; message: string }) {
  const calls: { route: string; params: Record<string, any> }[] = []
  const client: RequestClient = {
    async request(route, params = {}) {
      calls.push({ route, params })
      if (fail) throw Object.assign(new Error(fail.message), { status: fail.status })
      return { data: { id: 42, html_url: 'https://github.example/runs/42' } }
    },
  }
  return { client, calls }
}

const annotations = (n: number): CheckAnnotation[] =>
  Array.from({ length: n }, (_, i) => ({
    path: `src/f${i}.ts`,
    start_line: i + 1,
    end_line: i + 1,
    start_column: 2,
    end_column: 5,
    annotation_level: 'failure' as const,
    message: `problem ${i}`,
  }))

const request = (n: number) => ({
  owner: 'o',
  repo: 'r',
  headSha: 'a'.repeat(40),
  name: 'Tests',
  conclusion: 'failure' as const,
  title: '3 failed',
  summary: 'summary',
  annotations: annotations(n),
})

describe('publishCheckRun', () => {
  it('sends every annotation in batches of 50 and completes with the last batch', async () => {
    const { client, calls } = recordingClient()
    const outcome = await publishCheckRun(client, request(120), createRecordingLogger())
    expect(outcome).toEqual({
      published: true,
      id: 42,
      url: 'https://github.example/runs/42',
      annotationsSent: 120,
      requests: 3,
      leftOut: [],
    })
    expect(calls.map((c) => c.route)).toEqual([
      'POST /repos/{owner}/{repo}/check-runs',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    ])
    expect(calls.map((c) => c.params.output.annotations.length)).toEqual([50, 50, 20])
    expect(calls.map((c) => c.params.status)).toEqual(['in_progress', 'in_progress', 'completed'])
    expect(calls[2]!.params.conclusion).toBe('failure')
    expect(calls[1]!.params.check_run_id).toBe(42)
    const sent = calls.flatMap((c) => c.params.output.annotations.map((a: CheckAnnotation) => a.message))
    expect(sent).toEqual(annotations(120).map((a) => a.message))
  })

  it('completes in one request with no annotations', async () => {
    const { client, calls } = recordingClient()
    await publishCheckRun(client, request(0), createRecordingLogger())
    expect(calls).toHaveLength(1)
    expect(calls[0]!.params).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { annotations: [] },
    })
  })

  it('cuts summary and text to 65,535 characters with a visible notice, drops columns on ranges', async () => {
    const { client, calls } = recordingClient()
    await publishCheckRun(
      client,
      {
        ...request(0),
        title: 't'.repeat(300),
        summary: 'line\n'.repeat(20_000),
        text: 'x'.repeat(70_000),
        annotations: [
          {
            path: 'a.ts',
            start_line: 3,
            end_line: 5,
            start_column: 1,
            end_column: 2,
            annotation_level: 'warning',
            message: '',
          },
        ],
      },
      createRecordingLogger(),
    )
    const output = calls[0]!.params.output
    expect(output.title).toHaveLength(255)
    expect(output.summary.length).toBeLessThanOrEqual(65_535)
    expect(output.summary).toContain('Truncated')
    expect(output.text.length).toBeLessThanOrEqual(65_535)
    expect(output.annotations[0]).toEqual({
      path: 'a.ts',
      start_line: 3,
      end_line: 5,
      annotation_level: 'warning',
      message: '(no message)',
    })
  })

  it('reports a token without checks: write as not published, with the reason', async () => {
    const { client } = recordingClient({ status: 403, message: 'Resource not accessible by integration' })
    const log = createRecordingLogger()
    const outcome = await publishCheckRun(client, request(3), log)
    expect(outcome).toEqual({ published: false, reason: expect.stringContaining('checks: write') })
    expect(
      log.lines.some((l) => l.level === 'warning' && l.message.includes('Resource not accessible')),
    ).toBe(true)
  })

  it('passes other errors on, naming the check run and keeping the status', async () => {
    const { client } = recordingClient({ status: 422, message: 'Validation Failed' })
    const error = await publishCheckRun(client, request(1), createRecordingLogger()).catch((e) => e)
    expect(error).toMatchObject({
      name: 'ApiCallError',
      message: "Could not publish check run 'Tests': 422 Validation Failed",
      status: 422,
    })
  })

  it('sends at most maxAnnotations and returns the rest as left out', async () => {
    const { client, calls } = recordingClient()
    const log = createRecordingLogger()
    const outcome = await publishCheckRun(client, { ...request(120), maxAnnotations: 50 }, log)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.params).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(calls[0]!.params.output.annotations).toHaveLength(50)
    expect(outcome).toMatchObject({ published: true, annotationsSent: 50, requests: 1 })
    const leftOut = outcome.published ? outcome.leftOut : []
    expect(leftOut.map((a) => a.message)).toEqual(
      annotations(120)
        .slice(50)
        .map((a) => a.message),
    )
    expect(log.lines.at(-1)?.message).toContain('70 more left out: max-annotations is 50')
    const none = await publishCheckRun(recordingClient().client, { ...request(3), maxAnnotations: 0 }, log)
    expect(none).toMatchObject({ annotationsSent: 0, requests: 1 })
  })
})
