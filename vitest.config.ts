import { defineConfig } from 'vitest/config'

// Two projects: fast pure unit tests beside the code, and integration tests that run
// the bundled actions through the harness against real tools (Docker, registry, sshd).
export default defineConfig({
  test: {
    passWithNoTests: false,
    projects: [
      {
        test: {
          name: 'unit',
          // Projects with different worker limits must run as separate groups.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'actions/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.itg.test.ts'],
          setupFiles: ['test/harness/cleanup.setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Integration suites share the Docker engine and registry; keep them from starving each other.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
})
