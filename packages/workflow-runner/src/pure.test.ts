import { describe, expect, it } from 'vitest'
import { parseFileCommand, parseStepOutput } from './commands'
import { evaluateCondition, evaluateExpression, fromExpressionData } from './expressions'
import { orderJobs } from './job-order'
import { expandMatrix } from './matrix'
import { resolveUses } from './resolve-uses'
import { shellCommand } from './shell'

describe('expandMatrix', () => {
  it('builds the product, removes excludes, extends and adds includes', () => {
    expect(expandMatrix({ a: [1, 2], b: ['x'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ])
    expect(expandMatrix({ a: [1, 2], exclude: [{ a: 2 }], include: [{ a: 1, c: true }, { a: 3 }] })).toEqual([
      { a: 1, c: true },
      { a: 3 },
    ])
    expect(expandMatrix({ include: [{ shard: 1 }, { shard: 2 }] })).toEqual([{ shard: 1 }, { shard: 2 }])
    expect(expandMatrix(null)).toEqual([{}])
  })
  it('rejects malformed matrices with the key', () => {
    expect(() => expandMatrix({ a: 'one' })).toThrow('strategy.matrix.a must be a list, found "one"')
    expect(() => expandMatrix({ a: [1], exclude: [{ a: 1 }] })).toThrow('produced no combination')
  })
})

describe('orderJobs', () => {
  it('orders by needs and keeps file order otherwise', () => {
    const jobs = [
      { id: 'deploy', needs: ['image'] },
      { id: 'lint', needs: [] },
      { id: 'image', needs: ['lint', 'test'] },
      { id: 'test', needs: [] },
    ]
    expect(orderJobs(jobs).map((j) => j.id)).toEqual(['lint', 'test', 'image', 'deploy'])
  })
  it('rejects unknown needs and cycles', () => {
    expect(() => orderJobs([{ id: 'a', needs: ['b'] }])).toThrow(
      'job a needs b, which is not a job of this workflow',
    )
    expect(() =>
      orderJobs([
        { id: 'a', needs: ['b'] },
        { id: 'b', needs: ['a'] },
      ]),
    ).toThrow('a → b → a')
  })
})

describe('expressions (GitHub evaluator)', () => {
  const contexts = {
    github: { ref: 'refs/heads/main', event_name: 'push' },
    needs: { a: { result: 'failure' } },
  }
  it('evaluates comparisons, functions and status functions', () => {
    expect(
      evaluateCondition("github.ref == 'refs/heads/main' && github.event_name != 'pull_request'", {
        contexts,
      }),
    ).toBe(true)
    expect(
      evaluateCondition("failure() && needs.a.result == 'failure'", {
        contexts,
        status: { success: false, failure: true },
      }),
    ).toBe(true)
    expect(evaluateCondition('success()', { contexts, status: { success: false, failure: true } })).toBe(
      false,
    )
    expect(fromExpressionData(evaluateExpression("fromJSON('[1,2]')[1]", { contexts }))).toBe(2)
    expect(fromExpressionData(evaluateExpression('GITHUB.REF', { contexts }))).toBe('refs/heads/main')
  })
  it('names the expression in errors', () => {
    expect(() => evaluateExpression('nope(1)', { contexts })).toThrow(/cannot evaluate \$\{\{ nope\(1\) \}\}/)
  })
})

describe('commands', () => {
  it('parses workflow commands and file commands as the runner does', () => {
    const parsed = parseStepOutput(
      'hello\n::add-mask::s3cret\n::warning file=a%2Cb.ts,line=4,title=t%3A1::bad%0Aline\n::group::G\n::endgroup::',
    )
    expect(parsed.masks).toEqual(['s3cret'])
    expect(parsed.annotations).toEqual([
      { level: 'warning', message: 'bad\nline', file: 'a,b.ts', line: 4, col: undefined, title: 't:1' },
    ])
    expect(parsed.log).toEqual(['hello', 'warning: bad\nline', '▸ G'])
    expect(parseFileCommand('a=1\nb<<EOF\nx\ny\nEOF\nc=d=e\n', 'GITHUB_OUTPUT')).toEqual({
      a: '1',
      b: 'x\ny',
      c: 'd=e',
    })
    expect(() => parseFileCommand('b<<EOF\nx\n', 'GITHUB_OUTPUT')).toThrow(
      'GITHUB_OUTPUT: b<<EOF has no closing EOF line',
    )
    expect(() => parseFileCommand('novalue\n', 'GITHUB_ENV')).toThrow("GITHUB_ENV: malformed line 'novalue'")
  })
})

describe('resolveUses and shellCommand', () => {
  it('maps this toolkit to local bundles and classifies third-party actions', () => {
    expect(resolveUses('acme/pipeline-kit/actions/coverage@v1')).toEqual({
      kind: 'pipeline-kit',
      name: 'coverage',
      ref: 'v1',
    })
    expect(resolveUses('./actions/lint')).toEqual({ kind: 'local', path: './actions/lint' })
    expect(resolveUses('./tools/my-action')).toEqual({ kind: 'local', path: './tools/my-action' })
    expect(resolveUses('actions/checkout@abc')).toEqual({ kind: 'checkout', ref: 'abc' })
    expect(resolveUses('actions/setup-python@abc')).toMatchObject({ kind: 'setup', tool: 'python' })
    expect(resolveUses('docker/setup-buildx-action@abc')).toMatchObject({ kind: 'setup', tool: 'buildx' })
    expect(resolveUses('actions/upload-artifact@abc').kind).toBe('upload-artifact')
    expect(resolveUses('actions/cache@abc')).toEqual({ kind: 'other', action: 'actions/cache@abc' })
    expect(resolveUses('docker://registry.local:5000/tool:1')).toEqual({
      kind: 'docker',
      image: 'registry.local:5000/tool:1',
    })
  })
  it('builds the command line for each shell', () => {
    // GitHub: no shell is `bash -e {0}`; `shell: bash` adds --noprofile --norc and pipefail.
    expect(shellCommand(undefined, '/s.sh')).toEqual({ command: 'bash', args: ['-e', '/s.sh'] })
    expect(shellCommand('bash', '/s.sh')).toEqual({
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '/s.sh'],
    })
    expect(shellCommand('sh', '/s.sh')).toEqual({ command: 'sh', args: ['-e', '/s.sh'] })
    expect(shellCommand('perl {0}', '/s.sh')).toEqual({ command: 'perl', args: ['/s.sh'] })
    expect(() => shellCommand('perl', '/s.sh')).toThrow('must contain {0}')
  })
})
