/** Collects text up to a limit, then notes how much was cut, so huge bodies stay bounded. */
export class BoundedText {
  private parts: string[] = []
  private size = 0
  private cut = 0
  constructor(private readonly limit: number) {}

  append(text: string): void {
    const room = this.limit - this.size
    if (room <= 0) {
      this.cut += text.length
      return
    }
    const kept = text.length > room ? text.slice(0, room) : text
    this.parts.push(kept)
    this.size += kept.length
    this.cut += text.length - kept.length
  }

  toString(): string {
    const text = this.parts.join('')
    return this.cut > 0 ? `${text}\n… (${this.cut} more characters cut)` : text
  }
}
