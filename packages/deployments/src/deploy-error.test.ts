import { describe, expect, it } from 'vitest'
import { UserError } from '@pipeline-kit/common'
import { DeployError, settleDeployment } from './deploy-error'

class ExampleDeployError extends DeployError<{ readonly release: string }> {}

describe('settleDeployment', () => {
  it('resolves a result, and a DeployError to the result it carries with the error', async () => {
    expect(await settleDeployment(Promise.resolve({ release: 'r2' }))).toEqual({ result: { release: 'r2' } })
    const failure = new ExampleDeployError('verify failed', { release: 'r1' })
    const settled = await settleDeployment(Promise.reject<{ release: string }>(failure))
    expect(settled).toEqual({ result: { release: 'r1' }, error: failure })
    expect(settled.error).toBeInstanceOf(UserError)
    expect(settled.error?.name).toBe('UserError')
  })

  it('rethrows any other failure', async () => {
    await expect(settleDeployment(Promise.reject(new UserError('bad input')))).rejects.toThrow('bad input')
  })
})
