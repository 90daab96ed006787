import { describe, expect, it } from 'vitest'
import { apiCall, ApiCallError, ApiRequestError, describeApiFailure, isApiCallError } from './api-call'

describe('apiCall', () => {
  it('names the call and keeps the status', async () => {
    const failure = new ApiRequestError('500', { attempts: 4, status: 500 })
    const error = await apiCall("publish check run 'Tests'", () => Promise.reject(failure)).catch((e) => e)
    expect(error).toBeInstanceOf(ApiCallError)
    expect(error).toMatchObject({
      message: "Could not publish check run 'Tests': 500 after 4 attempts",
      status: 500,
      call: "publish check run 'Tests'",
      cause: failure,
    })
    expect(isApiCallError(error)).toBe(true)
  })

  it('describes octokit errors by status and message, others by message, and keeps an inner name', async () => {
    const octokit = Object.assign(new Error('Validation Failed'), { status: 422 })
    expect(describeApiFailure(octokit)).toBe('422 Validation Failed')
    expect(describeApiFailure(new ApiRequestError('no answer within 30s', { attempts: 1 }))).toBe(
      'no answer within 30s',
    )
    expect(describeApiFailure('boom')).toBe('boom')
    const inner = new ApiCallError('create the release v1.0.0', '500 after 4 attempts')
    await expect(apiCall('outer', () => Promise.reject(inner))).rejects.toBe(inner)
    await expect(apiCall('x', () => Promise.resolve(3))).resolves.toBe(3)
  })
})
