import { describe, expect, it } from 'vitest'
import { LineBuffer } from './line-buffer'

describe('LineBuffer', () => {
  it('keeps every byte in order across chunks, multi-byte text and oversized lines', () => {
    const buffer = new LineBuffer()
    const lines: string[] = []
    for (let i = 0; i < 5_000; i++) lines.push(`{"seq":${i},"text":"héllo → wörld ✓ ${'x'.repeat(i % 97)}"}\n`)
    lines.splice(2_500, 0, `${'€'.repeat(200_000)}\n`)
    for (const line of lines) buffer.append(line)
    const joined = Buffer.concat(buffer.views())
    expect(joined.toString('utf8')).toBe(lines.join(''))
    expect(buffer.length).toBe(joined.length)
    buffer.clear()
    expect(buffer.length).toBe(0)
    buffer.append('a\n')
    expect(Buffer.concat(buffer.views()).toString('utf8')).toBe('a\n')
  })

  it('appendLine writes the same bytes as append with a newline, across chunk boundaries', () => {
    const buffer = new LineBuffer()
    const expected: string[] = []
    for (let i = 0; i < 5_000; i++) {
      const line = i === 2_500 ? '€'.repeat(200_000) : `{"seq":${i},"text":"héllo → wörld ✓ ${'x'.repeat(i % 97)}"}`
      buffer.appendLine(line)
      expected.push(`${line}\n`)
    }
    expect(Buffer.concat(buffer.views()).toString('utf8')).toBe(expected.join(''))
    expect(buffer.length).toBe(Buffer.byteLength(expected.join('')))
  })
})
