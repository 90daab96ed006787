export default {
  test: {
    include: ['test/**/*.test.js'],
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['lcov', 'cobertura', 'clover', 'json-summary', 'json', 'text'],
      reportsDirectory: 'coverage',
    },
  },
}
