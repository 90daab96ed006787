// Hostile and odd JUnit reports, written to disk in chunks (never one huge string), for the
// xml-stream and junit unit tests, the test action's integration test and the bench.
import { closeSync, openSync, writeSync } from 'node:fs'

/** Writes the parts produced by `body` to `file` in ~1 MiB chunks; returns the bytes written. */
function writeChunked(file: string, body: (write: (text: string) => void) => void): number {
  const fd = openSync(file, 'w')
  let bytes = 0
  let chunk = ''
  const flush = () => {
    bytes += writeSync(fd, chunk)
    chunk = ''
  }
  try {
    body((text) => {
      chunk += text
      if (chunk.length > 1 << 20) flush()
    })
    flush()
  } finally {
    closeSync(fd)
  }
  return bytes
}

/**
 * `<testsuites>` holding `depth` nested `<testsuite>` elements, one per line, with one passing
 * test case in the innermost: the `<testsuite>` at nesting level n (the root is level 1) is
 * on line n + 1. 200,000 levels make ~7 MB.
 */
export function writeDeepSuites(file: string, depth: number): number {
  return writeChunked(file, (write) => {
    write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')
    for (let i = 0; i < depth; i++) write(`<testsuite name="s${i}">\n`)
    write('<testcase classname="deep" name="innermost"/>\n')
    for (let i = 0; i < depth; i++) write('</testsuite>\n')
    write('</testsuites>\n')
  })
}

/**
 * A test case whose `<system-out>` opens `depth` nested `<a>` elements (line 2), then
 * `strays` closing tags `</x>` that match nothing, one per line from line 3, then closes
 * everything properly.
 */
export function writeStrayCloses(file: string, options: { depth: number; strays: number }): number {
  return writeChunked(file, (write) => {
    write('<testsuites><testsuite name="s"><testcase classname="c" name="t"><system-out>\n')
    write('<a>'.repeat(options.depth) + '\n')
    for (let i = 0; i < options.strays; i++) write('</x>\n')
    write('</a>'.repeat(options.depth))
    write('</system-out></testcase></testsuite></testsuites>\n')
  })
}

/** One failing test case whose `<failure message>` attribute is `chars` characters long. */
export function writeHugeAttribute(file: string, chars: number): number {
  return writeChunked(file, (write) => {
    write('<testsuites><testsuite name="s">\n<testcase classname="c" name="t">\n<failure message="')
    const piece = 'assertion text & more '.replace('&', '&amp;')
    let left = chars
    while (left > 0) {
      const part = piece.length <= left ? piece : piece.slice(0, left)
      write(part)
      left -= part.length
    }
    write(
      '">boom</failure>\n</testcase>\n<testcase classname="c" name="after"/>\n</testsuite></testsuites>\n',
    )
  })
}

/** A test case holding `depth` nested `<property>`-free elements (line 3), e.g. a dumped tree. */
export function writeDeepInCase(file: string, depth: number): number {
  return writeChunked(file, (write) => {
    write('<testsuite name="s">\n<testcase classname="c" name="t">\n')
    for (let i = 0; i < depth; i++) write('<node>')
    for (let i = 0; i < depth; i++) write('</node>')
    write('\n</testcase>\n</testsuite>\n')
  })
}
