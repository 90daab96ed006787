/* global describe, it */ /* eslint-disable @typescript-eslint/no-require-imports */
const assert = require('node:assert')

describe('list', () => {
  it('has a length', () => assert.strictEqual([1, 2, 3].length, 3))
  it('maps', () =>
    assert.deepStrictEqual(
      [1, 2].map((x) => x * 2),
      [2, 4],
    ))
  it('sorts numerically', () => {
    assert.deepStrictEqual([10, 9, 1].sort(), [1, 9, 10]) // deliberate failure on line 12
  })
  it.skip('flattens', () => assert.deepStrictEqual([[1], [2]].flat(), [1, 2]))
  it('filters', () =>
    assert.deepStrictEqual(
      [1, 2, 3].filter((x) => x > 1),
      [2, 3],
    ))
})
