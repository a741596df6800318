/**
 * What `resume`, `rerun`, `approve` and `reject` print before the run summary: which steps were
 * reused and what that saved ("reused 3 steps, saved 41,220 tokens / $0.38").
 */
import { formatCount } from './format'
import { formatUsd } from './format-cost'

export function savingsLine(reused: readonly string[], saved: { tokens: number; usd: number | null }, from?: string): string {
  if (reused.length === 0) return 'reused no steps: every step runs'
  const steps = `${reused.length} step${reused.length === 1 ? '' : 's'}`
  return `reused ${steps}${from ? ` from ${from}` : ''} (${reused.join(', ')}), saved ${formatCount(saved.tokens)} tokens / ${formatUsd(saved.usd)}`
}
