/** Reads at most the last `maxBytes` of a file without loading the rest. Missing file → null. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

export interface FileTail {
  text: string
  /** Size of the whole file; `size > text bytes` means earlier bytes were skipped. */
  size: number
  skippedBytes: number
}

export function readTail(path: string, maxBytes: number): FileTail | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const size = fstatSync(fd).size
    const length = Math.min(size, maxBytes)
    const buffer = Buffer.alloc(length)
    let offset = 0
    while (offset < length) {
      const n = readSync(fd, buffer, offset, length - offset, size - length + offset)
      if (n === 0) break
      offset += n
    }
    return { text: buffer.subarray(0, offset).toString('utf8'), size, skippedBytes: size - length }
  } finally {
    closeSync(fd)
  }
}
