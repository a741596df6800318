/** The counts and sizes the CLI and the app print. */
import { describe, expect, it } from 'vitest'
import { formatBytes, formatCount, formatDuration } from './format-units'

describe('formatCount', () => {
  it('groups thousands with commas and rounds, like en-US', () => {
    for (const n of [0, 7, 999, 1000, 13_409, 1_234_567, 1_000_000_000, -1234, 999.6]) {
      expect(formatCount(n)).toBe(Math.round(n).toLocaleString('en-US'))
    }
  })
})

describe('formatDuration and formatBytes', () => {
  it('never shows 60 seconds in a minute and picks a unit by size', () => {
    expect(formatDuration(119.6)).toBe('2 m 0 s')
    expect(formatDuration(null)).toBe('—')
    expect(formatBytes(1536)).toBe('1.5 KB')
  })
})
