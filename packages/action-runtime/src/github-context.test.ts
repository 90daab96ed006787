import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { readRunContext } from './github-context'

describe('readRunContext temporary folder', () => {
  it("gives the runner's RUNNER_TEMP as both runnerTemp and tempDir", () => {
    const run = readRunContext({ RUNNER_TEMP: '/home/runner/work/_temp' })
    expect(run.runnerTemp).toBe('/home/runner/work/_temp')
    expect(run.tempDir).toBe('/home/runner/work/_temp')
  })

  it("outside a runner (unset or empty), runnerTemp is undefined and tempDir the system's temp folder", () => {
    for (const env of [{}, { RUNNER_TEMP: '' }]) {
      const run = readRunContext(env)
      expect(run.runnerTemp).toBeUndefined()
      expect(run.tempDir).toBe(tmpdir())
    }
  })
})
