import { afterAll } from 'vitest'
import { removeHarnessFiles } from './run-action-bundle'

// Every integration test file leaves no run folders behind (workspaces, summaries, state).
afterAll(() => removeHarnessFiles())
