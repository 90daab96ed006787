import { describe, expect, it } from 'vitest'
import { renderCoverageBadge } from './badge'
import { computeDelta } from './delta'
import type { CoverageTotals } from './model'
import { formatShortfall, meetsThreshold, parsePercentThreshold, percent } from './percent'
import { evaluateThresholds } from './thresholds'

const t = (text: string) => parsePercentThreshold(text)!
const lines = (covered: number, total: number): CoverageTotals => ({
  lines: { covered, total },
  branches: { covered: 0, total: 0 },
  functions: { covered: 0, total: 0 },
})
const minLines = (covered: number, total: number, threshold: string) =>
  evaluateThresholds({ lines: t(threshold) }, { totals: lines(covered, total), files: [] })[0]!

describe('percent', () => {
  it('computes from the counts and rounds half-up: 57/100 is 57, 353/356 is 99.16', () => {
    expect(percent({ covered: 57, total: 100 })).toBe(57)
    expect(percent({ covered: 353, total: 356 })).toBe(99.16)
    expect(percent({ covered: 2, total: 3 })).toBe(66.67)
    expect(percent({ covered: 1, total: 3 })).toBe(33.33)
    // 1/32 = 3.125 exactly: half-up gives 3.13 (coverage.py's float round() gives 3.12).
    expect(percent({ covered: 1, total: 32 })).toBe(3.13)
    expect(percent({ covered: 1, total: 8 }, 1)).toBe(12.5)
  })

  it('shows 0 and 100 only when exact, as coverage.py does', () => {
    expect(percent({ covered: 99_999, total: 100_000 })).toBe(99.99)
    expect(percent({ covered: 1999, total: 2000 }, 1)).toBe(99.9)
    expect(percent({ covered: 1, total: 100_000 })).toBe(0.01)
    expect(percent({ covered: 0, total: 5 })).toBe(0)
    expect(percent({ covered: 5, total: 5 })).toBe(100)
  })

  it('is undefined for 0 of 0: nothing measured, not 100%', () => {
    expect(percent({ covered: 0, total: 0 })).toBeUndefined()
  })
})

describe('parsePercentThreshold', () => {
  it('keeps the decimal exactly as written', () => {
    expect(parsePercentThreshold('66.67')).toEqual({ text: '66.67', units: 6667n, decimals: 2 })
    expect(parsePercentThreshold('57')).toEqual({ text: '57', units: 57n, decimals: 0 })
    expect(parsePercentThreshold('57.50')).toEqual({ text: '57.5', units: 575n, decimals: 1 })
    expect(parsePercentThreshold('.5')).toEqual({ text: '0.5', units: 5n, decimals: 1 })
    expect(parsePercentThreshold('+090.')).toEqual({ text: '90', units: 90n, decimals: 0 })
    expect(parsePercentThreshold('100.000')).toEqual({ text: '100', units: 100n, decimals: 0 })
  })

  it('refuses what is no plain decimal from 0 to 100', () => {
    for (const text of ['', '.', '-1', '1e2', '100.0000000000000001', '80%', 'NaN'])
      expect(parsePercentThreshold(text)).toBeUndefined()
  })
})

describe('thresholds on the counts', () => {
  it('57/100 meets 57', () => {
    expect(minLines(57, 100, '57')).toMatchObject({ passed: true, actual: 57 })
  })

  it('2/3 (66.666…) is below 66.67 and meets 66.66, and the message does not show 66.67', () => {
    expect(minLines(2, 3, '66.67')).toMatchObject({
      passed: false,
      actual: 66.67,
      reason: 'lines coverage 66.666…% (2 of 3) is below min-lines 66.67%',
    })
    expect(minLines(2, 3, '66.66').passed).toBe(true)
    expect(minLines(2, 3, '66.6667').passed).toBe(false)
    expect(minLines(2, 3, '66.6666').passed).toBe(true)
  })

  it('353/356 meets 99.15 and not 99.16', () => {
    expect(minLines(353, 356, '99.15').passed).toBe(true)
    expect(minLines(353, 356, '99.16')).toMatchObject({
      passed: false,
      reason: 'lines coverage 99.157…% (353 of 356) is below min-lines 99.16%',
    })
  })

  it('100 is met only by every line, 0 by anything', () => {
    expect(minLines(99_999, 100_000, '100')).toMatchObject({
      passed: false,
      reason: 'lines coverage 99.99% (99999 of 100000) is below min-lines 100%',
    })
    expect(minLines(0, 10, '0').passed).toBe(true)
  })

  it('0/0 is not checked, and passes with a note', () => {
    expect(minLines(0, 0, '80')).toMatchObject({
      passed: true,
      actual: undefined,
      reason: 'min-lines: no lines were measured in the reports; not checked',
    })
  })

  it('compares files and the patch on their counts too', () => {
    const checks = evaluateThresholds(
      { fileLines: t('57'), patch: t('66.67') },
      {
        totals: lines(59, 103),
        files: [
          { path: 'a.ts', totals: lines(57, 100) },
          { path: 'b.ts', totals: lines(2, 3) },
        ],
        patch: { covered: 2, total: 3, percent: 66.67, files: [], withoutLineData: [] },
      },
    )
    expect(checks).toMatchObject([
      { input: 'min-file-lines', passed: true, actual: 57 },
      {
        input: 'min-patch',
        passed: false,
        reason: 'patch coverage 66.666…% (2 of 3 changed lines) is below min-patch 66.67%',
      },
    ])
  })

  it('says the rounded figure when it already shows the shortfall', () => {
    expect(formatShortfall({ covered: 56, total: 100 }, t('57'))).toBe('56.00%')
    expect(formatShortfall({ covered: 1, total: 3 }, t('50'))).toBe('33.33%')
    expect(meetsThreshold({ covered: 0, total: 0 }, t('0'))).toBe(true)
  })
})

describe('delta and badge from the rounded figures', () => {
  it('subtracts the percentages as shown: 99.16 − 50.00 = 49.16', () => {
    expect(computeDelta(lines(353, 356), lines(1, 2)).lines).toBe(49.16)
    expect(computeDelta(lines(57, 100), lines(2, 3)).lines).toBe(-9.67)
    expect(computeDelta(lines(1, 3), lines(1, 3)).lines).toBe(0)
  })

  it('shows one decimal on the badge, never 100% for a coverage that is not complete', () => {
    expect(renderCoverageBadge('coverage', { covered: 1999, total: 2000 })).toContain(
      'aria-label="coverage: 99.9%"',
    )
    expect(renderCoverageBadge('coverage', { covered: 57, total: 100 })).toContain(
      'aria-label="coverage: 57%"',
    )
    // 89.96% rounds to 90.0 on the badge but is below 90: the colour follows the counts.
    const svg = renderCoverageBadge('coverage', { covered: 8996, total: 10_000 })
    expect(svg).toContain('aria-label="coverage: 90%"')
    expect(svg).toContain('#97ca00')
  })
})
