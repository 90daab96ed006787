/**
 * Collects text up to a limit, keeping its head and its tail (where a stack trace's frames
 * are when a huge message comes first) and noting how much was cut in between.
 */
export class BoundedText {
  private head: string[] = []
  private headSize = 0
  private tail = ''
  private total = 0
  private readonly headLimit: number
  private readonly tailLimit: number

  constructor(limit: number) {
    this.headLimit = Math.ceil(limit * 0.75)
    this.tailLimit = limit - this.headLimit
  }

  append(text: string): void {
    this.total += text.length
    const room = this.headLimit - this.headSize
    if (room > 0) {
      const kept = text.length > room ? text.slice(0, room) : text
      this.head.push(kept)
      this.headSize += kept.length
      if (kept.length === text.length) return
      text = text.slice(room)
    }
    this.tail =
      text.length >= this.tailLimit ? text.slice(-this.tailLimit) : (this.tail + text).slice(-this.tailLimit)
  }

  toString(): string {
    const head = this.head.join('')
    const cut = this.total - this.headSize - this.tail.length
    if (cut <= 0) return head + this.tail
    return `${head}\n… (${cut} characters cut) …\n${this.tail}`
  }
}
