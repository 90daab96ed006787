/** One member of a tar archive. */
export interface TarEntry {
  readonly name: string
  readonly size: number
  /** '0' regular file, '5' directory, '2' symlink, '1' hard link … */
  readonly type: string
}

/** Receives the bytes of one entry. */
export interface TarEntrySink {
  data(chunk: Buffer): void
  end(): void
}

const BLOCK = 512

/**
 * A push parser for (ustar, GNU and PAX) tar streams: feed chunks with write(), get each
 * entry and, when the handler returns a sink, its bytes. Nothing is buffered beyond one
 * header, so a layer of any size streams through; nested archives are parsed by feeding
 * an entry's bytes into another parser.
 */
export class TarParser {
  private header = Buffer.alloc(0)
  private remaining = 0
  private padding = 0
  private sink: TarEntrySink | undefined
  private meta: { kind: 'L' | 'x'; chunks: Buffer[] } | undefined
  private longName: string | undefined
  private ended = false

  constructor(private readonly onEntry: (entry: TarEntry) => TarEntrySink | undefined) {}

  write(chunk: Buffer): void {
    let offset = 0
    while (offset < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset)
        const part = chunk.subarray(offset, offset + take)
        if (this.meta) this.meta.chunks.push(Buffer.from(part))
        else this.sink?.data(part)
        this.remaining -= take
        offset += take
        if (this.remaining === 0) this.finishEntry()
        continue
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - offset)
        this.padding -= skip
        offset += skip
        continue
      }
      const need = BLOCK - this.header.length
      const take = Math.min(need, chunk.length - offset)
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)])
      offset += take
      if (this.header.length === BLOCK) {
        const block = this.header
        this.header = Buffer.alloc(0)
        this.startEntry(block)
      }
    }
  }

  /** Ends the stream; an entry cut short is ended too. */
  end(): void {
    if (this.remaining > 0 && this.sink) this.sink.end()
    this.sink = undefined
    this.ended = true
  }

  private startEntry(block: Buffer): void {
    if (block.every((b) => b === 0)) return // end-of-archive blocks
    const field = (start: number, length: number) => {
      const raw = block.subarray(start, start + length)
      const nul = raw.indexOf(0)
      return raw.subarray(0, nul === -1 ? length : nul).toString('utf8')
    }
    const size = parseSize(block.subarray(124, 136))
    const type = field(156, 1) || '0'
    const magic = field(257, 6)
    const prefix = magic.startsWith('ustar') ? field(345, 155) : ''
    let name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)
    this.remaining = size
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK
    if (type === 'L' || type === 'x') {
      this.meta = { kind: type, chunks: [] }
      if (size === 0) this.finishEntry()
      return
    }
    if (type === 'g') {
      this.sink = undefined
      if (size === 0) this.finishEntry()
      return
    }
    if (this.longName !== undefined) {
      name = this.longName
      this.longName = undefined
    }
    this.sink = this.onEntry({ name, size, type })
    if (size === 0) this.finishEntry()
  }

  private finishEntry(): void {
    if (this.meta) {
      const text = Buffer.concat(this.meta.chunks).toString('utf8')
      if (this.meta.kind === 'L') this.longName = text.replace(/\0+$/, '')
      else {
        const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)
        if (path) this.longName = path[1]
      }
      this.meta = undefined
      return
    }
    this.sink?.end()
    this.sink = undefined
  }
}

function parseSize(field: Buffer): number {
  if (field[0]! & 0x80) {
    // GNU base-256 for sizes of 8 GiB and more
    let value = 0
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!
    return value
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim()
  return text ? parseInt(text, 8) : 0
}
