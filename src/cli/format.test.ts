import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatTable, formatTokens, truncate } from './format'

describe('format', () => {
  it('formats durations for humans', () => {
    expect(formatDuration(12.34)).toBe('12.3 s')
    expect(formatDuration(75)).toBe('1 m 15 s')
    expect(formatDuration(3725)).toBe('1 h 2 m')
    expect(formatDuration(null)).toBe('—')
  })

  it('formats sizes and tokens', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(2150)).toBe('2.1 KB')
    expect(formatTokens(1000, 234)).toBe('1,234')
  })

  it('aligns table columns and right-aligns numbers', () => {
    const table = formatTable(
      ['path', 'size'],
      [
        ['main.py', '2.1 KB'],
        ['README.md', '512 B'],
      ],
      { right: [1] },
    )
    expect(table.split('\n')).toEqual(['path         size', 'main.py    2.1 KB', 'README.md   512 B'])
  })

  it('truncates long text with an ellipsis', () => {
    expect(truncate('a\nb   c', 10)).toBe('a b c')
    expect(truncate('abcdefghijk', 5)).toBe('abcd…')
  })
})
