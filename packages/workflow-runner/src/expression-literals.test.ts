import { describe, expect, it } from 'vitest'
import { evaluateExpression, evaluateToken, loadWorkflow, type Value } from './index'

// Where @actions/expressions differed from the runner (actions/runner, DTExpressions2) on
// string literals; patches/@actions__expressions@0.3.61.patch aligns it.
function value(expression: string, contexts: Record<string, Value> = {}): unknown {
  const result = evaluateExpression(expression, { contexts })
  return 'value' in result ? result.value : result.coerceString()
}

describe("'' in string literals (LexicalAnalyzer.ReadStringToken)", () => {
  it('unescapes every doubled quote, not only the first', () => {
    expect(value("'it''s ''x'''")).toBe("it's 'x'")
    expect(value("'a''b''c''d'")).toBe("a'b'c'd")
    expect(value("''''''")).toBe("''")
    expect(value("format('{0} ''{1}''', 'it''s', 'x')")).toBe("it's 'x'")
  })

  it('keeps every quote of a run: line with an expression (the parser escapes the literal parts)', async () => {
    const plan = await loadWorkflow(
      'quotes.yml',
      [
        'on: push',
        'jobs:',
        '  j:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        `      - run: echo "it's ${'${{ github.ref }}'}, isn't it" 'a' 'b'`,
      ].join('\n'),
    )
    const run = plan.jobs[0]!.steps[0]!.run
    expect(evaluateToken(run, { contexts: { github: { ref: 'refs/heads/main' } } })).toBe(
      `echo "it's refs/heads/main, isn't it" 'a' 'b'`,
    )
  })
})

describe('format() (Functions/Format.cs)', () => {
  it('escapes doubled braces around and beside arguments', () => {
    expect(value("format('{{0}}', 'a')")).toBe('{0}')
    expect(value("format('{{{0}}}', 'a')")).toBe('{a}')
    expect(value("format('}}{0}{{', 'a')")).toBe('}a{')
  })

  it('refuses characters between the argument index and its closing brace', () => {
    expect(() => value("format('{0x}', 'a')")).toThrow('The following format string is invalid: {0x}')
    expect(() => value("format('{0 }', 'a')")).toThrow('The following format string is invalid: {0 }')
  })

  it('refuses format specifiers, as the runner does for strings and numbers', () => {
    expect(() => value("format('{0:D2}', 'a')")).toThrow(
      "The format specifiers 'D2' are not valid for objects of type 'String'",
    )
    expect(() => value("format('{0:N}', 3)")).toThrow(
      "The format specifiers 'N' are not valid for objects of type 'Number'",
    )
  })
})

describe('strings read as numbers (ExpressionUtility.ParseNumber)', () => {
  it('reads decimals, exponents, 0x and 0o, and nothing else', () => {
    expect(value("' 12.5 ' == 12.5")).toBe(true)
    expect(value("'1e3' == 1000")).toBe(true)
    expect(value("'0x1F' == 31")).toBe(true)
    expect(value("'0o17' == 15")).toBe(true)
    expect(value("'' == 0")).toBe(true)
    expect(value("'-Infinity' < 0")).toBe(true)
    // JavaScript's Number() reads these; the runner does not.
    expect(value("'0b101' == 5")).toBe(false)
    expect(value("'0X1F' == 31")).toBe(false)
  })
})

describe('object keys (case-insensitive dictionaries)', () => {
  it('finds keys named like Object.prototype members', () => {
    const contexts = { inputs: { constructor: 'c', toString: 't' } }
    expect(value("inputs['constructor']", contexts)).toBe('c')
    expect(value('inputs.TOSTRING', contexts)).toBe('t')
    expect(value('fromJSON(\'{"constructor": 1}\').constructor')).toBe(1)
  })
})

describe('expressions in block scalars (TemplateReader.ParseExpression)', () => {
  it("ends an expression at the first }} outside a string literal, so '}}' inside one stays", async () => {
    const plan = await loadWorkflow(
      'block.yml',
      [
        'on: push',
        'jobs:',
        '  j:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: |',
        "          echo \"${{ format('{{0}} is {0}', 'x') }}\"",
        "          echo \"${{ '}}' }} and ${{ 'it''s' }}\"",
      ].join('\n'),
    )
    const run = plan.jobs[0]!.steps[0]!.run
    expect(evaluateToken(run, { contexts: {} })).toBe('echo "{0} is x"\necho "}} and it\'s"\n')
  })
})
