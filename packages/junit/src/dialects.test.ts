// Dialects the peer corpus lacks (README "Gaps": Gradle, .NET, go-junit-report), written as
// those tools write them (element and attribute layout from their documentation and output),
// with the counts and failure locations each must give.
import { describe, expect, it } from 'vitest'
import { decisiveProblem } from './annotations'
import { createWorkspaceFiles, locateFailure } from './locate'
import { mergeReports } from './merge'
import { parseJUnitString } from './parse-junit'

const files = createWorkspaceFiles('/home/runner/work/app/app', [
  'src/test/java/com/acme/CalcTest.java',
  'store/store_test.go',
  'Calc.Tests/CalcTests.cs',
  'tests/Unit/CalcTest.php',
])

const gradle = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.acme.CalcTest" tests="4" skipped="1" failures="1" errors="0" timestamp="2024-05-01T10:00:00" hostname="runner" time="0.123">
  <properties/>
  <testcase name="adds()" classname="com.acme.CalcTest" time="0.011"/>
  <testcase name="divides()" classname="com.acme.CalcTest" time="0.02">
    <failure message="org.opentest4j.AssertionFailedError: expected: &lt;2&gt; but was: &lt;3&gt;" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: expected: &lt;2&gt; but was: &lt;3&gt;
	at app//org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)
	at app//com.acme.CalcTest.divides(CalcTest.java:27)
</failure>
  </testcase>
  <testcase name="[1] 2, 3" classname="com.acme.CalcTest" time="0.001"/>
  <testcase name="later()" classname="com.acme.CalcTest" time="0.0">
    <skipped/>
  </testcase>
  <system-out><![CDATA[started
]]></system-out>
  <system-err><![CDATA[]]></system-err>
</testsuite>`

const goJunitReport = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1">
	<testsuite name="example.com/app/store" tests="3" failures="1" errors="0" id="0" hostname="h" time="0.012" timestamp="2024-05-01T10:00:00Z">
		<properties><property name="go.version" value="go1.22.2 linux/amd64"></property></properties>
		<testcase name="TestGet" classname="example.com/app/store" time="0.001"></testcase>
		<testcase name="TestPut" classname="example.com/app/store" time="0.004">
			<failure message="Failed"><![CDATA[    store_test.go:44: got 1, want 2]]></failure>
		</testcase>
		<testcase name="TestSkip" classname="example.com/app/store" time="0.000"><skipped message="Skipped"><![CDATA[    store_test.go:51: no database]]></skipped></testcase>
	</testsuite>
</testsuites>`

const dotnet = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="Calc.Tests.dll" tests="3" skipped="1" failures="1" errors="0" time="0.5" timestamp="2024-05-01T10:00:00" hostname="runner" id="0" package="Calc.Tests.dll">
    <properties />
    <testcase classname="Calc.Tests.CalcTests" name="Adds(a: 1, b: 2)" time="0.01" />
    <testcase classname="Calc.Tests.CalcTests" name="Divides" time="0.02">
      <failure type="failure" message="Assert.Equal() Failure: Values differ">   at Calc.Tests.CalcTests.Divides() in /build/src/Calc.Tests/CalcTests.cs:line 17
   at System.RuntimeMethodHandle.InvokeMethod(Object target, Void** arguments, Signature sig, Boolean isConstructor)</failure>
    </testcase>
    <testcase classname="Calc.Tests.CalcTests" name="Later" time="0">
      <skipped message="not yet" />
    </testcase>
    <system-out>Test run output</system-out>
    <system-err></system-err>
  </testsuite>
</testsuites>`

const phpunit = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="Unit" tests="2" assertions="2" errors="1" failures="0" skipped="0" time="0.01">
    <testsuite name="Tests\\Unit\\CalcTest" file="/app/tests/Unit/CalcTest.php" tests="2" assertions="2" errors="1" failures="0" skipped="0" time="0.01">
      <testcase name="testAdds" file="/app/tests/Unit/CalcTest.php" line="12" class="Tests\\Unit\\CalcTest" classname="Tests.Unit.CalcTest" assertions="1" time="0.001"/>
      <testcase name="testDivides" file="/app/tests/Unit/CalcTest.php" line="18" class="Tests\\Unit\\CalcTest" classname="Tests.Unit.CalcTest" assertions="1" time="0.002">
        <error type="DivisionByZeroError">Tests\\Unit\\CalcTest::testDivides
DivisionByZeroError: Division by zero

/app/src/Calc.php:9
/app/tests/Unit/CalcTest.php:20</error>
      </testcase>
    </testsuite>
  </testsuite>
</testsuites>`

describe('dialects outside the peer corpus', () => {
  it.each([
    [
      'Gradle',
      gradle,
      { tests: 4, passed: 2, failed: 1, errored: 0, skipped: 1 },
      { path: 'src/test/java/com/acme/CalcTest.java', line: 27 },
    ],
    [
      'go-junit-report',
      goJunitReport,
      { tests: 3, passed: 1, failed: 1, errored: 0, skipped: 1 },
      { path: 'store/store_test.go', line: 44 },
    ],
    [
      '.NET JunitXml.TestLogger',
      dotnet,
      { tests: 3, passed: 1, failed: 1, errored: 0, skipped: 1 },
      { path: 'Calc.Tests/CalcTests.cs', line: 17 },
    ],
    [
      'PHPUnit',
      phpunit,
      { tests: 2, passed: 1, failed: 0, errored: 1, skipped: 0 },
      { path: 'tests/Unit/CalcTest.php', line: 18 },
    ],
  ])('%s', (_name, xml, counts, location) => {
    const results = mergeReports([parseJUnitString(xml, 'r.xml')])
    expect(results.totals).toMatchObject(counts)
    const failing = results.tests.find((t) => t.status === 'failed' || t.status === 'errored')!
    expect(locateFailure(failing, decisiveProblem(failing), files)).toMatchObject(location)
  })

  it('keeps Gradle output of failing tests and go skip messages', () => {
    const gradleTests = mergeReports([parseJUnitString(gradle, 'g.xml')]).tests
    expect(gradleTests[1]!.runs[0]!.problems[0]!.message).toBe(
      'org.opentest4j.AssertionFailedError: expected: <2> but was: <3>',
    )
    const goTests = mergeReports([parseJUnitString(goJunitReport, 'go.xml')]).tests
    expect(goTests[2]!.runs[0]!.skipMessage).toBe('Skipped')
  })
})
