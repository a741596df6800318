import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { addCost } from '../../shared/cost'
import { costOf } from './cost'
import { loadPriceTable, lookupPrice, priceHint, shippedPriceTable } from './price-table'
import { testTempDir } from '../testing/test-temp-dir'

const tempDir = (): string => testTempDir('uo-prices-')

const million = { promptTokens: 1_000_000, completionTokens: 1_000_000 }

describe('shipped price table', () => {
  it('is dated, in USD, and prices current OpenAI and Anthropic models', () => {
    const table = shippedPriceTable()
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(table.currency).toBe('USD')
    expect(lookupPrice(table, 'openai', 'gpt-4o-mini').kind).toBe('priced')
    expect(lookupPrice(table, 'anthropic', 'claude-sonnet-4-5').kind).toBe('priced')
  })

  it('prices the current default models with cached-input and cache-write rates, and says where they come from', () => {
    const table = shippedPriceTable()
    expect(table.asOf >= '2026-12-01').toBe(true)
    for (const [provider, model] of [
      ['openai', 'gpt-5.6-terra'],
      ['openai', 'gpt-5.6-sol'],
      ['openai', 'gpt-5.6-luna'],
      ['anthropic', 'claude-sonnet-5-5'],
    ] as const) {
      const found = lookupPrice(table, provider, model)
      expect(found.kind).toBe('priced')
      if (found.kind !== 'priced') continue
      expect(found.price.cached_input_per_mtok).toBeLessThan(found.price.input_per_mtok)
      expect(found.price.cache_write_per_mtok).toBeGreaterThan(found.price.input_per_mtok)
      expect(found.price.source).toEqual(expect.any(String))
    }
  })

  it('bills cache reads at the cached rate and cache writes at the cache-write rate', () => {
    const table = shippedPriceTable()
    // claude-sonnet-5-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per Mtok
    const usage = { promptTokens: 3_000_000, completionTokens: 1_000_000, cachedPromptTokens: 1_000_000, cacheWriteTokens: 1_000_000 }
    expect(costOf('anthropic', 'claude-sonnet-5-5', usage, table)).toBeCloseTo(3 + 0.3 + 3.75 + 15, 9)
  })

  it('charges input and output per million tokens', () => {
    const table = shippedPriceTable()
    const price = table.models.get('openai/gpt-4o-mini')
    expect(price).toBeDefined()
    expect(costOf('openai', 'gpt-4o-mini', million, table)).toBeCloseTo((price?.input_per_mtok ?? 0) + (price?.output_per_mtok ?? 0), 9)
    expect(costOf('openai', 'gpt-4o-mini', { promptTokens: 0, completionTokens: 0 }, table)).toBe(0)
  })

  it('bills provider-cached input at the cached rate', () => {
    const table = shippedPriceTable()
    const full = costOf('anthropic', 'claude-sonnet-4-5', { promptTokens: 1_000_000, completionTokens: 0 }, table) ?? 0
    const cached =
      costOf('anthropic', 'claude-sonnet-4-5', { promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 1_000_000 }, table) ?? 0
    expect(cached).toBeGreaterThan(0)
    expect(cached).toBeLessThan(full)
  })

  it('costs local providers exactly $0 whatever the model', () => {
    const table = shippedPriceTable()
    for (const provider of ['ollama', 'mlx', 'demo']) expect(costOf(provider, 'qwen2.5-coder:7b', million, table)).toBe(0)
  })

  it('matches dated snapshots to their family, longest family first', () => {
    const table = shippedPriceTable()
    const found = lookupPrice(table, 'anthropic', 'claude-sonnet-4-5-20250929')
    expect(found.kind === 'priced' && found.key).toBe('anthropic/claude-sonnet-4-5')
    const mini = lookupPrice(table, 'openai', 'gpt-4o-mini-2024-07-18')
    expect(mini.kind === 'priced' && mini.key).toBe('openai/gpt-4o-mini')
    const big = lookupPrice(table, 'openai', 'gpt-4o-2024-08-06')
    expect(big.kind === 'priced' && big.key).toBe('openai/gpt-4o')
  })

  it('never guesses: an unknown cloud model, or a different model sharing a prefix, has no cost', () => {
    const table = shippedPriceTable()
    expect(costOf('openai', 'gpt-9-ultra', million, table)).toBeNull()
    expect(lookupPrice(table, 'openai', 'gpt-4o-audio-preview').kind).toBe('unknown')
    expect(costOf('somecloud', 'gpt-4o-mini', million, table)).toBeNull()
    expect(priceHint('openai', 'gpt-9-ultra')).toContain('"openai/gpt-9-ultra"')
  })

  it('treats unknown as absorbing when adding costs', () => {
    expect(addCost(0.1, 0.2)).toBe(0.3)
    expect(addCost(0.1, null)).toBeNull()
    expect(addCost(null, 0)).toBeNull()
  })
})

describe('user price overrides', () => {
  it('merges <runsDir>/prices.json over the shipped table', () => {
    const runsDir = tempDir()
    writeFileSync(
      join(runsDir, 'prices.json'),
      JSON.stringify({
        as_of: '2099-01-01',
        models: {
          'openai/gpt-4o-mini': { input_per_mtok: 1, output_per_mtok: 2 },
          'acme/big-1': { input_per_mtok: 3, output_per_mtok: 4 },
        },
      }),
    )
    const table = loadPriceTable({ runsDir, env: {} })
    expect(costOf('openai', 'gpt-4o-mini', million, table)).toBe(3)
    expect(costOf('acme', 'big-1', million, table)).toBe(7)
    expect(lookupPrice(table, 'anthropic', 'claude-sonnet-4-5').kind).toBe('priced')
    expect(table.asOf).toBe('2099-01-01')
  })

  it('prefers $ORCHESTRATOR_PRICES over the runs folder file', () => {
    const runsDir = tempDir()
    writeFileSync(join(runsDir, 'prices.json'), JSON.stringify({ models: { 'acme/big-1': { input_per_mtok: 3, output_per_mtok: 4 } } }))
    const other = join(tempDir(), 'mine.json')
    writeFileSync(other, JSON.stringify({ free_providers: ['acme'], models: {} }))
    const table = loadPriceTable({ runsDir, env: { ORCHESTRATOR_PRICES: other } })
    expect(costOf('acme', 'big-1', million, table)).toBe(0)
  })

  it('without an override file uses the shipped table', () => {
    expect(loadPriceTable({ runsDir: tempDir(), env: {} })).toBe(shippedPriceTable())
  })

  it('rejects a broken override with a message naming the file', () => {
    const runsDir = tempDir()
    writeFileSync(join(runsDir, 'prices.json'), JSON.stringify({ models: { 'gpt-4o': { input_per_mtok: -1, output_per_mtok: 1 } } }))
    expect(() => loadPriceTable({ runsDir, env: {} })).toThrow(OrchestratorError)
    expect(() => loadPriceTable({ runsDir, env: {} })).toThrow(/prices\.json is invalid/)
    writeFileSync(join(runsDir, 'prices.json'), '{ not json')
    expect(() => loadPriceTable({ runsDir, env: {} })).toThrow(/not valid JSON/)
    expect(() => loadPriceTable({ env: { ORCHESTRATOR_PRICES: join(runsDir, 'missing.json') } })).toThrow(/ORCHESTRATOR_PRICES/)
  })
})
