import { expect, it } from 'vitest'
import { add, classify } from '../src/math.js'
import { shout } from '../src/text.js'

it('adds and classifies', () => {
  expect(add(1, 2)).toBe(3)
  expect(classify(5)).toBe('positive')
  expect(classify(-1)).toBe('negative')
  expect(shout('hi')).toBe('HI!')
})
