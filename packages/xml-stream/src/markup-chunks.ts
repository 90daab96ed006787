import { StringDecoder } from 'node:string_decoder'

const LESS_THAN = 0x3c
/** Bytes held back at most while waiting for a '<' (a long text node is passed on in parts). */
const MAX_PENDING = 1024 * 1024

/**
 * Decodes UTF-8 read chunks into strings that end just before a '<', so the tokenizer
 * nearly always finishes each string and starts the next from a fresh one: joining the
 * unfinished rest of one chunk to the next makes a string V8 reads character by character
 * much more slowly. A '<' byte is never part of a multi-byte character, so cutting there is
 * safe; a partial character at a forced cut is kept by the decoder.
 */
export class MarkupChunks {
  private readonly decoder = new StringDecoder('utf8')
  private pending: Buffer[] = []
  private pendingBytes = 0

  /** The text to pass on for this chunk ('' while waiting for a '<'). */
  write(chunk: Buffer): string {
    const cut = chunk.lastIndexOf(LESS_THAN)
    if (cut === -1) {
      this.hold(chunk)
      return this.pendingBytes > MAX_PENDING ? this.flush() : ''
    }
    const text = this.flush(chunk.subarray(0, cut))
    this.hold(chunk.subarray(cut))
    return text
  }

  /** What is left at the end of the file. */
  end(): string {
    return this.flush() + this.decoder.end()
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return
    this.pending.push(bytes)
    this.pendingBytes += bytes.length
  }

  private flush(more?: Buffer): string {
    const parts = more && more.length > 0 ? [...this.pending, more] : this.pending
    this.pending = []
    this.pendingBytes = 0
    if (parts.length === 0) return ''
    return this.decoder.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts))
  }
}
