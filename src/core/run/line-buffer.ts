/**
 * A growable UTF-8 byte buffer for pending JSONL lines. Lines are encoded as they arrive, so no
 * string objects pile up between flushes (less garbage-collector work when tens of thousands of
 * events wait for one group commit), and a flush writes one contiguous buffer.
 */
const INITIAL_BYTES = 64 * 1024
const KEEP_MAX_BYTES = 4 * 1024 * 1024

export class LineBuffer {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES)
  private used = 0

  get length(): number {
    return this.used
  }

  append(text: string): void {
    const worst = text.length * 3
    if (this.used + worst > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + worst))
      this.bytes.copy(grown, 0, 0, this.used)
      this.bytes = grown
    }
    this.used += this.bytes.write(text, this.used, 'utf8')
  }

  /** The pending bytes; valid until the next `append` or `clear`. */
  view(): Buffer {
    return this.bytes.subarray(0, this.used)
  }

  clear(): void {
    this.used = 0
    if (this.bytes.length > KEEP_MAX_BYTES) this.bytes = Buffer.allocUnsafe(INITIAL_BYTES)
  }
}
