import { describe, expect, it } from 'vitest'
import { diffLines, formatHunks } from './line-diff'

describe('diffLines', () => {
  it('shows a changed line with its context as a unified hunk', () => {
    const a = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].join('\n') + '\n'
    const b = a.replace('five', 'FIVE')
    const diff = diffLines(a, b)
    if (diff.tooLarge) throw new Error('unexpected')
    expect(diff.added).toBe(1)
    expect(diff.removed).toBe(1)
    expect(formatHunks(diff.hunks)).toBe(
      ['@@ -2,7 +2,7 @@', ' two', ' three', ' four', '-five', '+FIVE', ' six', ' seven', ' eight'].join('\n'),
    )
  })

  it('handles additions to an empty file, deletions to nothing and separate hunks', () => {
    const added = diffLines('', 'x\ny\n')
    expect(!added.tooLarge && formatHunks(added.hunks)).toBe('@@ -0,0 +1,2 @@\n+x\n+y')
    const removed = diffLines('x\n', '')
    expect(!removed.tooLarge && formatHunks(removed.hunks)).toBe('@@ -1,1 +0,0 @@\n-x')
    const lines = Array.from({ length: 30 }, (_, i) => `l${i}`)
    const changed = [...lines]
    changed[2] = 'A'
    changed[25] = 'B'
    const two = diffLines(lines.join('\n'), changed.join('\n'))
    expect(!two.tooLarge && two.hunks.map((h) => [h.oldStart, h.oldLines])).toEqual([
      [1, 6],
      [23, 7],
    ])
    expect(diffLines('same\n', 'same\n')).toEqual({ tooLarge: false, added: 0, removed: 0, hunks: [] })
  })

  it('gives up past maxEdits instead of stalling', () => {
    const a = Array.from({ length: 500 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 500 }, (_, i) => `b${i}`).join('\n')
    expect(diffLines(a, b, { maxEdits: 100 })).toEqual({ tooLarge: true })
  })
})
