/** canonicalJson: JSON.stringify's text with keys sorted at every depth, whatever the strings hold. */
import { describe, expect, it } from 'vitest'
import { canonicalJson } from './canonical-json'

/** Reference: a deep copy with sorted keys, written by JSON.stringify. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = sortedCopy((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

const STRINGS = ['', 'plain', 'quote " backslash \\', 'ctl \n\t\u0000\u001f\u007f', 'ünï 日本 😀', 'lone \ud800', 'lone \udc00', '\u2028']

describe('canonicalJson', () => {
  it('writes strings and numbers as JSON.stringify does, keys sorted by code unit', () => {
    for (const s of STRINGS) {
      const value = {
        [s]: s,
        b: [s, 1.5, -0, 1e21, Number.NaN, null, true, undefined],
        a: { z: s, y: { [`${s}x`]: 0.1 }, ä: 1, A: 2 },
        ['\ud83d\ude00']: 1,
        ['\uffff']: 2,
      }
      expect(canonicalJson(value)).toBe(JSON.stringify(sortedCopy(value)))
    }
  })

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ role: 'user', content: 'hi' })).toBe(canonicalJson({ content: 'hi', role: 'user' }))
  })
})
