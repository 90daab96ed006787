/* global describe, it, expect */ /* eslint-disable @typescript-eslint/no-require-imports */
const { sum } = require('./sum.cjs')

describe('sum', () => {
  it('adds two numbers', () => expect(sum(1, 2)).toBe(3))
  it('adds negatives', () => expect(sum(-1, -2)).toBe(-3))
  it('adds floats exactly', () => {
    expect(sum(0.1, 0.2)).toBe(0.3) // deliberate failure on line 8
  })
  it.skip('adds strings', () => expect(sum('a', 'b')).toBe('ab'))
  it('adds zero', () => expect(sum(5, 0)).toBe(5))
})
