import { describe, expect, it } from 'vitest'
import { renderLeftOutAnnotations, type CheckAnnotation } from './index'

const annotation = (i: number, message = `problem ${i}\\nat line`): CheckAnnotation => ({
  path: `src/f${i}.ts`,
  start_line: i,
  end_line: i,
  annotation_level: 'failure',
  title: `test ${i}`,
  message,
})

describe('renderLeftOutAnnotations', () => {
  it('says how many were left out and lists each by place, title and first message line', () => {
    const text = renderLeftOutAnnotations([annotation(3, 'a | b\nstack'), annotation(4)], {
      checkName: 'Tests',
      max: 50,
    })
    expect(text).toContain("**2 annotations were left out of the check run 'Tests'** (`max-annotations: 50`)")
    expect(text).toContain('| failure | src/f3.ts:3 | test 3 | a \\| b |')
    expect(text).toContain('| failure | src/f4.ts:4 | test 4 |')
    expect(text).not.toContain('stack')
    expect(renderLeftOutAnnotations([], { checkName: 'Tests', max: 50 })).toBe('')
  })

  it('stays within maxBytes and counts the rows it could not list', () => {
    const many = Array.from({ length: 6000 }, (_, i) => annotation(i + 1, 'x'.repeat(500)))
    const text = renderLeftOutAnnotations(many, { checkName: 'Tests', max: 50, maxBytes: 20_000 })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(20_000)
    const listed = text.split('\n').filter((l) => l.startsWith('| failure')).length
    expect(listed).toBeGreaterThan(50)
    expect(text).toContain(`…and ${6000 - listed} more, not listed`)
  })
})
