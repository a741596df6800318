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
})
