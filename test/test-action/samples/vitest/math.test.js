import { describe, expect, it } from 'vitest'
import { divide } from './math.js'

describe('math', () => {
  it('adds', () => expect(1 + 1).toBe(2))
  it('multiplies', () => expect(2 * 3).toBe(6))
  it('divides', () => {
    expect(divide(10, 4)).toBe(2) // deliberate failure on line 8
  })
  it.skip('rounds', () => expect(Math.round(2.5)).toBe(3))
  it('subtracts ünïcödé', () => expect(3 - 1).toBe(2))
})
