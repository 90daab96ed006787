import { closeSync, openSync, writeSync } from 'node:fs'

export interface GeneratedReport {
  readonly cases: number
  readonly failed: number
  readonly bytes: number
}

export interface GenerateOptions {
  readonly cases: number
  /** Every n-th case fails (20 → 5 %); 0 for none. */
  readonly failEvery?: number
  readonly casesPerSuite?: number
  /** Frames in each failure's stack trace. */
  readonly traceLines?: number
  /** Characters of each failure message. */
  readonly messageChars?: number
  /** Name prefix, so reports of several shards can hold the same or different tests. */
  readonly prefix?: string
}

/**
 * Writes a jest-junit-like JUnit file of any size, streaming (never one string in memory):
 * suites of cases, every n-th failing with a multi-line stack trace whose first workspace
 * frame is `src/<suite>.test.ts:<line>`.
 */
export function writeJUnitReport(file: string, options: GenerateOptions): GeneratedReport {
  const {
    cases,
    failEvery = 20,
    casesPerSuite = 100,
    traceLines = 12,
    messageChars = 60,
    prefix = 'case',
  } = options
  const fd = openSync(file, 'w')
  let bytes = 0
  let failed = 0
  let chunk = ''
  const write = (text: string) => {
    chunk += text
    if (chunk.length > 1 << 20) flush()
  }
  const flush = () => {
    bytes += writeSync(fd, chunk)
    chunk = ''
  }
  try {
    write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="generated" tests="${cases}">\n`)
    for (let i = 0; i < cases; i++) {
      const suite = Math.floor(i / casesPerSuite)
      if (i % casesPerSuite === 0) {
        if (i > 0) write('  </testsuite>\n')
        write(`  <testsuite name="suite ${suite}" tests="${Math.min(casesPerSuite, cases - i)}">\n`)
      }
      const name = `${prefix} ${i} does the thing &amp; reports it`
      const time = ((i % 97) / 1000).toFixed(3)
      if (failEvery > 0 && i % failEvery === failEvery - 1) {
        failed++
        const line = 10 + (i % 200)
        const message = `expected ${i} to equal ${i + 1} `.padEnd(messageChars, 'x')
        const frames = [`    at Object.&lt;anonymous&gt; (src/suite-${suite}.test.ts:${line}:13)`]
        for (let f = 1; f < traceLines; f++)
          frames.push(`    at fn${f} (node_modules/runner/lib/run.js:${f * 7}:5)`)
        write(
          `    <testcase classname="suite ${suite}" name="${name}" time="${time}">\n      <failure message="${message}" type="AssertionError">AssertionError: ${message}\n${frames.join('\n')}\n      </failure>\n    </testcase>\n`,
        )
      } else {
        write(`    <testcase classname="suite ${suite}" name="${name}" time="${time}"/>\n`)
      }
    }
    if (cases > 0) write('  </testsuite>\n')
    write('</testsuites>\n')
    flush()
  } finally {
    closeSync(fd)
  }
  return { cases, failed, bytes }
}
