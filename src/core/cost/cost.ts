/**
 * Dollar cost of one model answer from its token usage and the price table: fresh input, cache
 * reads (cached-input rate) and cache writes (cache-write rate) each at their own price. Local providers cost
 * exactly 0; a model the table does not know costs null (unknown), never a guess. Amounts are
 * rounded to 1e-9 USD; sums go through addCost (src/shared/cost.ts).
 */
import { roundUsd } from '../../shared/cost'
import { lookupPrice, type PriceTable } from './price-table'

export interface CostUsage {
  /** All input tokens, including `cachedPromptTokens`. */
  promptTokens: number
  completionTokens: number
  /** Input tokens the provider served from its own prompt cache (billed at the cached rate). */
  cachedPromptTokens?: number
  /** Input tokens written to the provider's prompt cache (billed at the cache-write rate). */
  cacheWriteTokens?: number
}

export function costOf(provider: string, model: string, usage: CostUsage, table: PriceTable): number | null {
  const found = lookupPrice(table, provider, model)
  if (found.kind === 'free') return 0
  if (found.kind === 'unknown') return null
  const { input_per_mtok: input, output_per_mtok: output, cached_input_per_mtok: cachedRate, cache_write_per_mtok: writeRate } = found.price
  const cached = Math.min(Math.max(0, usage.cachedPromptTokens ?? 0), usage.promptTokens)
  const written = Math.min(Math.max(0, usage.cacheWriteTokens ?? 0), usage.promptTokens - cached)
  const fresh = usage.promptTokens - cached - written
  const usd =
    (fresh * input + cached * (cachedRate ?? input) + written * (writeRate ?? input) + usage.completionTokens * output) / 1_000_000
  return roundUsd(usd)
}
