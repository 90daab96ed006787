import { expect } from 'vitest'
import type { ActionRun } from './run-action-bundle'

/**
 * Fails when a secret shows anywhere the runner keeps: stdout (annotations included), stderr,
 * outputs, state, env and the job summary. The `::add-mask::` commands are left out: the
 * runner consumes them and never prints their value.
 */
export function expectSecretNowhere(run: ActionRun, secret: string): void {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  expect(stdout).not.toContain(secret)
  expect(run.stderr).not.toContain(secret)
  expect(run.summary).not.toContain(secret)
  expect(JSON.stringify(run.annotations)).not.toContain(secret)
  expect(JSON.stringify(run.outputs)).not.toContain(secret)
  expect(JSON.stringify(run.state)).not.toContain(secret)
  expect(JSON.stringify(run.env)).not.toContain(secret)
}
