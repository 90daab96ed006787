import { describe, expect, it } from 'vitest'
import { createPathNormaliser, plainPaths } from '../paths'
import { parseFormatterDiff, parsePrettierOutput } from './formatter'
import { parseMypyOutput } from './text'
import { parseBanditJson, parseRuffJson, parseShellcheckJson } from './tool-json'

const context = { tool: 't', toPath: plainPaths }

describe('formatter diffs', () => {
  it('reads black --diff: one finding per hunk on the original lines that change', () => {
    const diff = [
      '--- /repo/app/orders.py\t2026-11-23 08:15:44.936989 +0000',
      '+++ /repo/app/orders.py\t2026-11-23 08:15:46.792085 +0000',
      '@@ -3,11 +3,11 @@',
      ' import os',
      ' ',
      ' ',
      ' def total(prices: list[int]) -> int:',
      '     result: int = 0',
      '-    for p in prices :',
      '+    for p in prices:',
      '         result += p',
      '@@ -20,3 +20,4 @@',
      ' x = 1',
      '-y=2',
      '-z=3',
      '+y = 2',
      '+z = 3',
    ].join('\n')
    const parsed = parseFormatterDiff(diff, { tool: 'black', toPath: createPathNormaliser('/repo') }, 'black')
    expect(parsed.diagnostics.map((d) => [d.file, d.line, d.endLine, d.message, d.fixable])).toEqual([
      ['app/orders.py', 8, undefined, 'black would reformat line 8', true],
      ['app/orders.py', 21, 22, 'black would reformat lines 21-22', true],
    ])
  })

  it("reads isort's :before headers and pure insertions", () => {
    const diff = [
      '--- /repo/app/orders.py:before\t2026-11-23 08:15:44.936989',
      '+++ /repo/app/orders.py:after\t2026-11-23 08:15:48.108593',
      '@@ -1,6 +1,6 @@',
      '+import os',
      ' import subprocess',
      ' import sys',
      '-import os',
      '--- /repo/b.py:before',
      '+++ /repo/b.py:after',
      '@@ -4,0 +5,1 @@',
      '+import re',
    ].join('\n')
    const parsed = parseFormatterDiff(diff, { tool: 'isort', toPath: createPathNormaliser('/repo') }, 'isort')
    expect(parsed.diagnostics.map((d) => [d.file, d.line, d.endLine])).toEqual([
      ['app/orders.py', 1, 3],
      ['b.py', 5, undefined],
    ])
  })

  it('reads prettier --list-different and its syntax errors', () => {
    const parsed = parsePrettierOutput(
      'src/a.js\nsrc/b.ts\n',
      // As prettier 3 prints it, code frame included.
      '[error] src/bad.js: SyntaxError: Unexpected token (3:5)\n[error]   1 | const a = { b: 1\n[error] > 2 |\n[error]     | ^\n',
      context,
    )
    expect(parsed.diagnostics.map((d) => [d.file, d.line, d.column, d.severity, d.rule])).toEqual([
      ['src/a.js', undefined, undefined, 'error', undefined],
      ['src/b.ts', undefined, undefined, 'error', undefined],
      ['src/bad.js', 3, 5, 'error', 'syntax-error'],
    ])
  })
})

describe('tool JSON', () => {
  it('reads ruff JSON', () => {
    const ruff = JSON.stringify([
      {
        code: 'F401',
        message: '`os` imported but unused',
        filename: '/repo/app.py',
        location: { row: 1, column: 8 },
        end_location: { row: 1, column: 10 },
        fix: { applicability: 'safe', edits: [], message: 'Remove unused import: `os`' },
        url: 'https://docs.astral.sh/ruff/rules/unused-import',
        noqa_row: 1,
      },
      {
        code: null,
        message: 'SyntaxError: Expected an expression',
        filename: '/repo/b.py',
        location: { row: 2, column: 1 },
        end_location: { row: 2, column: 2 },
        fix: null,
        url: null,
      },
    ])
    const parsed = parseRuffJson(ruff, { tool: 'ruff', toPath: createPathNormaliser('/repo') })
    expect(parsed.diagnostics).toEqual([
      {
        tool: 'ruff',
        rule: 'F401',
        severity: 'error',
        file: 'app.py',
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 10,
        message: '`os` imported but unused',
        fixable: true,
        url: 'https://docs.astral.sh/ruff/rules/unused-import',
      },
      {
        tool: 'ruff',
        rule: undefined,
        severity: 'error',
        file: 'b.py',
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 2,
        message: 'SyntaxError: Expected an expression',
        fixable: false,
        url: undefined,
      },
    ])
    expect(() => parseRuffJson('{}', context)).toThrow('ruff output is not ruff JSON')
  })

  it('reads bandit JSON with 0-based columns and scan errors', () => {
    const bandit = JSON.stringify({
      errors: [{ filename: './broken.py', reason: 'syntax error while parsing AST from file' }],
      results: [
        {
          filename: './app.py',
          line_number: 19,
          line_range: [19, 20],
          col_offset: 4,
          issue_severity: 'HIGH',
          issue_confidence: 'HIGH',
          issue_text: 'shell=True',
          test_id: 'B602',
          more_info: 'https://bandit.readthedocs.io/b602',
        },
      ],
    })
    expect(parseBanditJson(bandit, context).diagnostics).toEqual([
      {
        tool: 't',
        rule: 'B602',
        severity: 'error',
        file: 'app.py',
        line: 19,
        column: 5,
        endLine: 20,
        message: 'shell=True (confidence: high)',
        fixable: false,
        url: 'https://bandit.readthedocs.io/b602',
      },
      {
        tool: 't',
        rule: 'scan-error',
        severity: 'error',
        file: 'broken.py',
        message: 'bandit could not scan this file: syntax error while parsing AST from file',
        fixable: false,
      },
    ])
  })

  it('reads shellcheck json1 levels', () => {
    const json = JSON.stringify({
      comments: [
        {
          file: 'a.sh',
          line: 3,
          endLine: 3,
          column: 1,
          endColumn: 9,
          level: 'warning',
          code: 2164,
          message: 'cd',
          fix: null,
        },
        {
          file: 'a.sh',
          line: 4,
          endLine: 4,
          column: 8,
          endColumn: 15,
          level: 'style',
          code: 2086,
          message: 'quote',
          fix: { replacements: [] },
        },
        {
          file: 'a.sh',
          line: 5,
          endLine: 5,
          column: 1,
          endColumn: 2,
          level: 'error',
          code: 1000,
          message: 'parse',
        },
      ],
    })
    expect(
      parseShellcheckJson(json, context).diagnostics.map((d) => [d.rule, d.severity, d.fixable, d.url]),
    ).toEqual([
      ['SC2164', 'warning', false, 'https://www.shellcheck.net/wiki/SC2164'],
      ['SC2086', 'notice', true, 'https://www.shellcheck.net/wiki/SC2086'],
      ['SC1000', 'error', false, 'https://www.shellcheck.net/wiki/SC1000'],
    ])
  })

  it('reads mypy notes into the finding before them', () => {
    const out = [
      'app.py:3:5: error: Name "x" is not defined  [name-defined]',
      'app.py:3:5: note: Did you mean "y"?',
      'app.py:9: note: By default the bodies of untyped functions are not checked',
      'Found 1 error in 1 file (checked 2 source files)',
    ].join('\n')
    const parsed = parseMypyOutput(out, context)
    expect(parsed.diagnostics.map((d) => [d.line, d.severity, d.rule, d.message])).toEqual([
      [3, 'error', 'name-defined', 'Name "x" is not defined\nDid you mean "y"?'],
      [9, 'notice', undefined, 'By default the bodies of untyped functions are not checked'],
    ])
    expect(parsed.unparsedLines).toBe(0)
  })
})
