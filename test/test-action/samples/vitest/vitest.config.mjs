// A config of its own, so vitest does not look for the repository's.
export default { test: { include: ['**/*.test.js'] } }
