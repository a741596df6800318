import { describe, expect, it } from 'vitest'
import { makeManifest, makeStep } from '../core/history/test-fixtures'
import { formatUsd, savedLine } from './format-cost'
import { unpricedLines } from './unpriced-lines'

describe('formatUsd', () => {
  it('prints cents for dollars, more digits for small amounts, $0.00 for free and ? for unknown', () => {
    expect(formatUsd(12.345)).toBe('$12.35')
    expect(formatUsd(0.5)).toBe('$0.50')
    expect(formatUsd(0.0123)).toBe('$0.0123')
    expect(formatUsd(0.00042)).toBe('$0.00042')
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatUsd(null)).toBe('?')
  })

  it('says what cache hits saved, and nothing when there were none', () => {
    expect(savedLine(3000, 0.012)).toBe('3,000 tokens, $0.012')
    expect(savedLine(0, 0)).toBeNull()
  })

  it('names each unpriced model once with the file to add it to', () => {
    const manifest = makeManifest({
      steps: {
        a: makeStep({ provider: 'acme', model: 'big', cost_usd: null }),
        b: makeStep({ provider: 'acme', model: 'big', cost_usd: null }),
        c: makeStep({ provider: 'ollama', model: 'qwen3:8b', cost_usd: 0 }),
      },
    })
    const lines = unpricedLines(manifest)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('acme/big')
    expect(lines[0]).toContain('prices.json')
  })
})
