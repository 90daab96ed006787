import { describe, expect, it } from 'vitest'
import { LineHits } from './line-hits'

const table = (entries: [number, number][]) => {
  const hits = new LineHits()
  for (const [line, count] of entries) hits.set(line, count)
  return hits
}

describe('LineHits', () => {
  it('behaves as a Map of line → hits, iterated in ascending line order', () => {
    const hits = table([
      [5, 0],
      [1, 3],
      [200, 7],
    ])
    expect(hits.size).toBe(3)
    expect(hits.get(1)).toBe(3)
    expect(hits.get(5)).toBe(0)
    expect(hits.has(5)).toBe(true)
    expect(hits.get(2)).toBeUndefined()
    expect(hits.has(2)).toBe(false)
    expect(hits.get(100_000)).toBeUndefined()
    expect([...hits]).toEqual([
      [1, 3],
      [5, 0],
      [200, 7],
    ])
    expect([...hits.keys()]).toEqual([1, 5, 200])
    expect([...hits.values()]).toEqual([3, 0, 7])
    expect(hits.countCovered()).toBe(2)
  })

  it('replaces a line without counting it twice and adds to it', () => {
    const hits = table([[3, 1]])
    hits.set(3, 4)
    expect(hits.size).toBe(1)
    hits.add(3, 2).add(4, 0)
    expect([...hits]).toEqual([
      [3, 6],
      [4, 0],
    ])
    expect(hits.size).toBe(2)
  })

  it('keeps counts that do not fit in 32 bits or are no integer exactly', () => {
    const hits = table([
      [1, 2],
      [2, 0],
      [3, 2 ** 40],
    ])
    hits.set(4, 1.5)
    hits.set(3, 2 ** 40 + 1)
    hits.add(1, 0xffff_ffff)
    expect([...hits]).toEqual([
      [1, 0xffff_ffff + 2],
      [2, 0],
      [3, 2 ** 40 + 1],
      [4, 1.5],
    ])
    expect(hits.size).toBe(4)
    expect(hits.countCovered()).toBe(3)
    // The widest count a 32-bit slot holds stays in it.
    expect(table([[1, 0xffff_fffe]]).get(1)).toBe(0xffff_fffe)
  })

  it('falls back to a Map for lines far apart or no array index, still in line order', () => {
    const hits = table([
      [2, 1],
      [1_000_000_000, 3],
      [1, 0],
    ])
    hits.set(1.5, 2)
    hits.set(-1, 4)
    hits.add(2, 1)
    expect([...hits]).toEqual([
      [-1, 4],
      [1, 0],
      [1.5, 2],
      [2, 2],
      [1_000_000_000, 3],
    ])
    expect(hits.size).toBe(5)
    expect(hits.countCovered()).toBe(4)
  })

  it('raises a line to the higher count, in place or through the wide table and the Map', () => {
    const hits = table([
      [1, 5],
      [2, 0],
    ])
    hits.raise(1, 3).raise(2, 4).raise(3, 0).raise(3, 0)
    expect([...hits]).toEqual([
      [1, 5],
      [2, 4],
      [3, 0],
    ])
    expect(hits.size).toBe(3)
    // Beyond the table, a count past 32 bits, a fraction, NaN, a line that is no index.
    hits
      .raise(500, 1)
      .raise(2, 2 ** 40)
      .raise(1, 5.5)
      .raise(1, NaN)
      .raise(3, NaN)
    expect([...hits]).toEqual([
      [1, 5.5],
      [2, 2 ** 40],
      [3, 0],
      [500, 1],
    ])
    hits.raise(-1, 2).raise(2.5, 1).raise(-1, 1)
    expect(hits.get(-1)).toBe(2)
    expect(hits.get(2.5)).toBe(1)
    expect(hits.size).toBe(6)
    // As get-then-set: a line not listed takes even NaN.
    expect(new LineHits().raise(7, NaN).has(7)).toBe(true)
    expect(
      table([[1, 0xffff_fffe]])
        .raise(1, 0xffff_ffff)
        .get(1),
    ).toBe(0xffff_ffff)
  })

  it('keeps tables grown side by side apart (small ones share one buffer)', () => {
    const tables = Array.from({ length: 300 }, () => new LineHits())
    for (let line = 1; line <= 2000; line += 7) tables.forEach((hits, t) => hits.set(line, (line + t) % 5))
    tables.forEach((hits, t) => {
      expect(hits.size).toBe(286)
      expect(hits.get(1)).toBe((1 + t) % 5)
      expect(hits.get(1996)).toBe((1996 + t) % 5)
      expect(hits.get(2)).toBeUndefined()
    })
  })

  it('grows the table last made in place and copies one that is not', () => {
    const first = new LineHits()
    for (let line = 1; line <= 300; line++) first.set(line, 1)
    const second = new LineHits()
    for (let line = 1; line <= 300; line++) second.set(line, 2)
    // first is no longer the last table made: its growth copies it elsewhere.
    for (let line = 301; line <= 1000; line++) first.set(line, 3)
    for (let line = 301; line <= 1000; line++) second.set(line, 4)
    expect([first.size, first.get(300), first.get(1000), first.get(1001)]).toEqual([1000, 1, 3, undefined])
    expect([second.size, second.get(300), second.get(1000), second.get(1001)]).toEqual([
      1000,
      2,
      4,
      undefined,
    ])
    expect(first.countCovered() + second.countCovered()).toBe(2000)
  })

  it('grows a dense table to any length a file has', () => {
    const hits = new LineHits()
    for (let line = 1; line <= 100_000; line++) hits.set(line, line % 3)
    expect(hits.size).toBe(100_000)
    expect(hits.get(99_999)).toBe(0)
    expect(hits.get(100_000)).toBe(1)
    expect(hits.countCovered()).toBe(66_667)
  })
})
