// Prints the suite's closing line in the plain 'N passed, N failed, N skipped' form.
import { readFileSync } from 'node:fs'

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const passed = report.numPassedTests ?? 0
const failed = report.numFailedTests ?? 0
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
if (passed + failed === 0) {
  console.error('No test ran.')
  process.exit(1)
}
