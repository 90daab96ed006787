import { ApiRequestError, createRecordingLogger } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import { runOptionalApiCall } from './optional-api-call'

const failing = () => Promise.reject(new ApiRequestError('500', { attempts: 4, status: 500 }))

describe('runOptionalApiCall', () => {
  it('returns the value of a call that succeeds', async () => {
    const log = createRecordingLogger()
    expect(await runOptionalApiCall('x', async () => 7, { log, failStep: false })).toEqual({
      ok: true,
      value: 7,
    })
    expect(log.lines).toEqual([])
  })

  it('makes a failure one warning naming the call, or returns it silently to fail the step later', async () => {
    const log = createRecordingLogger()
    const warned = await runOptionalApiCall("publish check run 'Tests'", failing, { log, failStep: false })
    const message = "Could not publish check run 'Tests': 500 after 4 attempts"
    expect(warned).toMatchObject({ ok: false, error: { message, status: 500 } })
    expect(log.lines).toEqual([{ level: 'warning', message }])
    const quiet = createRecordingLogger()
    const failed = await runOptionalApiCall("publish check run 'Tests'", failing, {
      log: quiet,
      failStep: true,
    })
    expect(failed).toMatchObject({ ok: false, error: { message } })
    expect(quiet.lines).toEqual([])
  })
})
