import { describe, expect, it } from 'vitest'
import { describeDroppedAnnotations, planAnnotations, type Annotation } from './annotations'
import { SummaryBudget } from './summary-budget'

const many = (level: Annotation['level'], n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({ level, message: `${level} ${i}`, file: 'a.ts', line: i + 1 }))

describe('planAnnotations', () => {
  it('keeps 10 per level and counts the rest', () => {
    const plan = planAnnotations([...many('error', 13), ...many('warning', 4), ...many('notice', 11)])
    expect(plan.emit.filter((a) => a.level === 'error')).toHaveLength(10)
    expect(plan.emit.filter((a) => a.level === 'warning')).toHaveLength(4)
    expect(plan.dropped).toEqual({ error: 3, warning: 0, notice: 1 })
    expect(describeDroppedAnnotations(plan)).toBe(
      '4 more annotations (3 errors, 1 notice) were not emitted: GitHub shows 10 per level per step. They are listed in the job summary.',
    )
  })

  it('says nothing when nothing is dropped', () => {
    expect(describeDroppedAnnotations(planAnnotations(many('error', 2)))).toBe('')
  })
})

describe('SummaryBudget', () => {
  it('cuts later sections with a notice once the budget is used', () => {
    const budget = new SummaryBudget(1000)
    expect(budget.fit('a'.repeat(300))).toHaveLength(300)
    const cut = budget.fit(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'))
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(700)
    expect(cut).toMatch(/\*\*Truncated:\*\* \d+ more lines of the job summary were cut/)
    expect(budget.fit('more')).toBe('')
  })
})
