/** Issues land on the text they name: column to end of word, clamped to the document, no position → line 1. */
import { Text } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { issueLabel, issueRange, toDiagnostics } from './spec-diagnostics'

const doc = Text.of(['project: x', 'steps:', '  - id: a', '    needs: [nobody]'])

describe('spec diagnostics', () => {
  it('marks the word at line:column', () => {
    const range = issueRange(doc, { path: 'steps[0].needs[0]', message: 'unknown step', line: 4, column: 13 })
    expect(doc.sliceString(range.from, range.to)).toBe('nobody')
    const key = issueRange(doc, { path: 'steps', message: 'm', line: 2, column: 1 })
    expect(doc.sliceString(key.from, key.to)).toBe('steps:')
  })

  it('clamps positions and falls back to the first line', () => {
    expect(issueRange(doc, { path: '', message: 'm' })).toEqual({ from: 0, to: 10 })
    const far = issueRange(doc, { path: '', message: 'm', line: 99, column: 99 })
    expect(far.from).toBe(doc.length)
    expect(toDiagnostics(doc, [{ path: 'a', message: 'bad', line: 1, column: 1 }])[0]).toMatchObject({
      severity: 'error',
      message: '1:1 a: bad',
    })
    expect(issueLabel({ path: '', message: 'm' })).toBe('— m')
  })
})
