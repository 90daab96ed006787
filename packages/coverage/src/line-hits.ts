const EMPTY = new Uint32Array(0)
/** Bytes of the buffer small tables are cut from; larger tables get their own. */
const SLAB_BYTES = 1 << 20
const MAX_SLAB_TABLE_BYTES = 1 << 14
let slab = new ArrayBuffer(0)
let slabUsed = 0

/**
 * A zeroed table of `length` slots. Small ones are views into a shared buffer: a buffer of
 * its own costs an allocation outside the heap (a microsecond), and a report of 10,000 files
 * grows 30,000 tables. A slot region is never handed out twice, so it is zero when it is.
 */
function smallTable(length: number, from: Uint32Array): Uint32Array {
  const bytes = length * 4
  if (bytes > MAX_SLAB_TABLE_BYTES) return new Uint32Array(length)
  // The table last cut grows where it is when there is room: no copy, no region left unused.
  if (
    from.buffer === slab &&
    from.byteOffset + from.byteLength === slabUsed &&
    from.byteOffset + bytes <= slab.byteLength
  ) {
    slabUsed = from.byteOffset + bytes
    return new Uint32Array(slab, from.byteOffset, length)
  }
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES)
    slabUsed = 0
  }
  const table = new Uint32Array(slab, slabUsed, length)
  slabUsed += bytes
  return table
}

/** The most a 32-bit slot holds: a count one below it (slots store count + 1). */
const MAX_SMALL_HITS = 0xffff_fffe
/** Below this many slots a file's table may always grow to the line asked for. */
const DENSE_FLOOR = 4096
/** Past it, slots per executable line above which a table would be mostly holes. */
const DENSE_RATIO = 16

/**
 * Hit counts by line number, with the Map methods the package uses. Backed by a typed
 * array indexed by line outside the JavaScript heap: 4 bytes a line while every count fits
 * in 32 bits (a slot holds count + 1, 0 being a line that is not executable), 8 bytes a line
 * once one does not (NaN for a line that is not executable). Line numbers far apart (a table
 * mostly of holes) or that are no array index fall back to a Map. Reports of millions of
 * lines then neither hold a JavaScript value per line nor make the garbage collector copy
 * them. Iteration goes in ascending line order.
 */
export class LineHits implements Iterable<[number, number]> {
  private small: Uint32Array = EMPTY
  private wide: Float64Array | undefined
  private sparse: Map<number, number> | undefined
  private count = 0

  /** Number of executable lines. */
  get size(): number {
    return this.sparse ? this.sparse.size : this.count
  }

  get(line: number): number | undefined {
    if (this.sparse) return this.sparse.get(line)
    if (this.wide) {
      const value = this.wide[line]
      return value === undefined || Number.isNaN(value) ? undefined : value
    }
    const slot = this.small[line]
    return slot ? slot - 1 : undefined
  }

  has(line: number): boolean {
    return this.get(line) !== undefined
  }

  set(line: number, hits: number): this {
    // NaN marks a hole in the wide table, so a NaN count is kept in the Map.
    if (this.sparse || Number.isNaN(hits) || !this.fits(line)) {
      this.toSparse().set(line, hits)
      return this
    }
    if (this.wide) {
      if (Number.isNaN(this.wide[line])) this.count++
      this.wide[line] = hits
      return this
    }
    if (!Number.isInteger(hits) || hits < 0 || hits > MAX_SMALL_HITS) {
      if (this.small[line] === 0) this.count++
      this.toWide()[line] = hits
      return this
    }
    if (this.small[line] === 0) this.count++
    this.small[line] = hits + 1
    return this
  }

  /**
   * Keeps the higher of a line's count and hits (a line not yet listed takes hits): what a
   * report listing a line more than once means. A line already inside a 32-bit table with a
   * count that fits is written in place; anything else goes through get and set.
   */
  raise(line: number, hits: number): this {
    const small = this.small
    // `x >>> 0 === x`: an integer from 0 to 2^32 - 1. The small table is empty once wide or sparse.
    if (line < small.length && line >>> 0 === line && hits >>> 0 === hits && hits <= MAX_SMALL_HITS) {
      const slot = small[line]!
      if (slot === 0) {
        this.count++
        small[line] = hits + 1
      } else if (slot <= hits) small[line] = hits + 1
      return this
    }
    const previous = this.get(line)
    if (previous === undefined || previous < hits) this.set(line, hits)
    return this
  }

  /** Adds hits to a line (a line not yet listed starts at 0). */
  add(line: number, hits: number): this {
    return this.set(line, (this.get(line) ?? 0) + hits)
  }

  *keys(): IterableIterator<number> {
    for (const [line] of this.entries()) yield line
  }

  *values(): IterableIterator<number> {
    for (const [, hits] of this.entries()) yield hits
  }

  *entries(): IterableIterator<[number, number]> {
    if (this.sparse) {
      const lines = [...this.sparse.keys()].sort((a, b) => a - b)
      for (const line of lines) yield [line, this.sparse.get(line)!]
    } else if (this.wide) {
      const wide = this.wide
      for (let line = 0; line < wide.length; line++) if (!Number.isNaN(wide[line])) yield [line, wide[line]!]
    } else {
      const small = this.small
      for (let line = 0; line < small.length; line++) if (small[line]) yield [line, small[line]! - 1]
    }
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries()
  }

  /** Number of lines with at least one hit. */
  countCovered(): number {
    let covered = 0
    if (this.sparse) {
      for (const hits of this.sparse.values()) if (hits > 0) covered++
    } else if (this.wide) {
      for (const hits of this.wide) if (hits > 0) covered++
    } else {
      for (const slot of this.small) if (slot > 1) covered++
    }
    return covered
  }

  /**
   * Whether the table holds line, growing it when that keeps it dense: a line must be an
   * array index, and a table larger than DENSE_FLOOR slots must not be mostly holes.
   */
  private fits(line: number): boolean {
    const capacity = this.wide ? this.wide.length : this.small.length
    if (line < capacity && line >= 0 && Number.isInteger(line)) return true
    if (!Number.isInteger(line) || line < 0) return false
    const grown = Math.max(line + 1, capacity * 2, 64)
    if (grown > DENSE_FLOOR && grown > DENSE_RATIO * (this.count + 1)) return false
    if (this.wide) {
      const wide = new Float64Array(grown).fill(NaN)
      wide.set(this.wide)
      this.wide = wide
    } else {
      const small = smallTable(grown, this.small)
      if (small.byteOffset !== this.small.byteOffset || small.buffer !== this.small.buffer)
        small.set(this.small)
      this.small = small
    }
    return true
  }

  private toWide(): Float64Array {
    if (!this.wide) {
      const small = this.small
      const wide = new Float64Array(small.length)
      for (let line = 0; line < small.length; line++) wide[line] = small[line] ? small[line]! - 1 : NaN
      this.wide = wide
      this.small = EMPTY
    }
    return this.wide
  }

  private toSparse(): Map<number, number> {
    if (!this.sparse) {
      this.sparse = new Map(this.entries())
      this.small = EMPTY
      this.wide = undefined
    }
    return this.sparse
  }
}
