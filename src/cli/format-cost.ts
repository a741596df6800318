/**
 * Dollar amounts for CLI output. Unknown cost (a model without a price) prints as "?"
 * (unpriced-lines.ts says how to add the price); local models print $0.00. Pure functions; no
 * price table, so `list` and `diff` do not load one.
 */
import { formatCount } from './format'

function trimZeros(fixed: string): string {
  return fixed.replace(/(\.\d\d\d*?)0+$/, '$1')
}

/** null → "?", 0 → "$0.00", 0.00042 → "$0.00042", 0.0123 → "$0.0123", 0.5 → "$0.50", 12.345 → "$12.35". */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '?'
  if (usd <= 0) return '$0.00'
  if (usd >= 0.995) return `$${usd.toFixed(2)}`
  if (usd >= 0.01) return `$${trimZeros(usd.toFixed(4))}`
  const decimals = Math.min(12, 1 - Math.floor(Math.log10(usd)))
  return `$${trimZeros(usd.toFixed(decimals))}`
}

/** "saved by cache: 3,000 tokens, $0.012" or null when nothing came from the cache. */
export function savedLine(savedTokens: number, savedUsd: number | null): string | null {
  if (savedTokens <= 0) return null
  return `${formatCount(savedTokens)} tokens, ${formatUsd(savedUsd)}`
}
