import { describe, expect, it } from 'vitest'
import { createWorkspaceFiles, locateFailure, stackTraceCandidates } from './locate'
import { type TestProblem } from './model'

const files = createWorkspaceFiles('/home/runner/work/app/app', [
  'src/math.ts',
  'src/math.test.ts',
  'tests/test_api.py',
  'app/src/test/java/com/acme/CalcTest.java',
  'lib/CalcTest.java',
  'Tests/Calc.Tests/CalcTests.cs',
  'pkg/store/store_test.go',
  'a/util.js',
  'b/util.js',
])
const problem = (details: string, extra: Partial<TestProblem> = {}): TestProblem => ({
  kind: 'failure',
  message: 'boom',
  details,
  ...extra,
})

describe('createWorkspaceFiles().resolve', () => {
  it.each([
    ['src/math.ts', 'src/math.ts'],
    ['./src/math.ts', 'src/math.ts'],
    ['/home/runner/work/app/app/src/math.ts', 'src/math.ts'],
    ['/app/src/math.ts', 'src/math.ts'], // written in a container
    ['C:\\build\\agent\\src\\math.ts', 'src/math.ts'], // written on Windows
    ['file:///home/runner/work/app/app/src/math.ts', 'src/math.ts'],
    ['com/acme/CalcTest.java', 'app/src/test/java/com/acme/CalcTest.java'],
    ['util.js', undefined], // ambiguous: two files, no directory to tell them apart
    ['x/a/util.js', 'a/util.js'],
    ['node_modules/jest/build/x.js', undefined],
    ['src/missing.ts', undefined],
  ])('%s → %s', (written, path) => expect(files.resolve(written)).toBe(path))
})

describe('stackTraceCandidates', () => {
  it('reads JavaScript, Python, JVM, .NET, Go and plain file:line frames in order', () => {
    const trace = [
      'AssertionError: expected 1 to be 2',
      '    at Object.<anonymous> (/app/src/math.test.ts:12:7)',
      '  File "/srv/tests/test_api.py", line 31, in test_get',
      '\tat com.acme.CalcTest.adds(CalcTest.java:58)',
      '   at Calc.Tests.CalcTests.Adds() in /build/Tests/Calc.Tests/CalcTests.cs:line 17',
      '    store_test.go:44: got 1, want 2',
      'tests/test_api.py:9: AssertionError',
    ].join('\n')
    expect(stackTraceCandidates(trace)).toEqual([
      { path: '/app/src/math.test.ts', line: 12, column: 7 },
      { path: '/srv/tests/test_api.py', line: 31 },
      { path: 'com/acme/CalcTest.java', line: 58 },
      { path: '/build/Tests/Calc.Tests/CalcTests.cs', line: 17 },
      { path: 'store_test.go', line: 44, column: undefined },
      { path: 'tests/test_api.py', line: 9, column: undefined },
    ])
  })
})

describe('locateFailure', () => {
  it('prefers file/line on the failure element, then on the test case', () => {
    expect(
      locateFailure(
        { file: 'src/math.ts', line: 3 },
        problem('', { file: 'src/math.test.ts', line: 8 }),
        files,
      ),
    ).toEqual({
      path: 'src/math.test.ts',
      line: 8,
    })
    expect(locateFailure({ file: '/app/src/math.ts', line: 3 }, problem(''), files)).toEqual({
      path: 'src/math.ts',
      line: 3,
    })
  })

  it('takes the first workspace frame outside node_modules, or a frame in the test file first', () => {
    const trace = [
      '    at expect (/app/node_modules/expect/build/index.js:10:1)',
      '    at helper (/app/src/math.ts:4:2)',
      '    at Object.<anonymous> (/app/src/math.test.ts:12:7)',
    ].join('\n')
    expect(locateFailure({}, problem(trace), files)).toEqual({ path: 'src/math.ts', line: 4, column: 2 })
    expect(locateFailure({ file: 'src/math.test.ts' }, problem(trace), files)).toEqual({
      path: 'src/math.test.ts',
      line: 12,
      column: 7,
    })
  })

  it('maps JVM frames through the package to the source file, with or without a module prefix', () => {
    expect(locateFailure({}, problem('\tat com.acme.CalcTest.adds(CalcTest.java:58)'), files)).toEqual({
      path: 'app/src/test/java/com/acme/CalcTest.java',
      line: 58,
    })
    // Two CalcTest.java exist: only the package path tells them apart.
    expect(stackTraceCandidates('\tat app//com.acme.CalcTest.adds(CalcTest.java:9)')).toEqual([
      { path: 'com/acme/CalcTest.java', line: 9 },
    ])
  })

  it('falls back to the test file at line 1, and to nothing outside the workspace', () => {
    expect(locateFailure({ file: 'tests/test_api.py' }, problem('no frames'), files)).toEqual({
      path: 'tests/test_api.py',
      line: 1,
    })
    expect(locateFailure({}, problem('at x (/usr/lib/node/x.js:1:1)'), files)).toBeUndefined()
  })
})
