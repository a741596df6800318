/**
 * Pending JSONL lines as UTF-8 bytes in fixed-size chunks. Lines are encoded as they arrive, so
 * no string objects pile up between flushes (less garbage-collector work when tens of thousands
 * of events wait for one group commit), nothing is copied as the buffer grows, and a flush hands
 * the chunks to one vectored write.
 */
const CHUNK_BYTES = 256 * 1024

export class LineBuffer {
  private sealed: Buffer[] = []
  private sealedBytes = 0
  private current = Buffer.allocUnsafe(CHUNK_BYTES)
  private used = 0

  get length(): number {
    return this.sealedBytes + this.used
  }

  /** Appends `text` and a newline (without building the concatenated string). */
  appendLine(text: string): void {
    const worst = text.length * 3 + 1
    if (worst > CHUNK_BYTES || this.used + worst > this.current.length) return this.append(`${text}\n`)
    this.used += this.current.write(text, this.used, 'utf8')
    this.current[this.used++] = 0x0a
  }

  append(text: string): void {
    const worst = text.length * 3
    if (worst > CHUNK_BYTES) {
      this.seal()
      const bytes = Buffer.from(text, 'utf8')
      this.sealed.push(bytes)
      this.sealedBytes += bytes.length
      return
    }
    if (this.used + worst > this.current.length) {
      this.seal()
      this.current = Buffer.allocUnsafe(CHUNK_BYTES)
    }
    this.used += this.current.write(text, this.used, 'utf8')
  }

  /** The pending bytes in order; valid until the next `append` or `clear`. */
  views(): Buffer[] {
    return this.used > 0 ? [...this.sealed, this.current.subarray(0, this.used)] : [...this.sealed]
  }

  clear(): void {
    this.sealed = []
    this.sealedBytes = 0
    this.used = 0
  }

  private seal(): void {
    if (this.used === 0) return
    this.sealed.push(this.current.subarray(0, this.used))
    this.sealedBytes += this.used
    this.current = this.current.subarray(this.used)
    this.used = 0
    if (this.current.length < 4096) this.current = Buffer.allocUnsafe(CHUNK_BYTES)
  }
}
