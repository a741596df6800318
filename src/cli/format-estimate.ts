/**
 * Text of a cost preview: the one line `run` prints before it starts and the table `estimate`
 * prints. Unknown prices show `?` with the hint to add them; local models show tokens and $0.00.
 */
import type { RunEstimate, TokensAndUsd } from '../core/cost/estimate'
import { priceHint } from '../core/cost/price-table'
import { formatCount, formatTable } from './format'
import { formatUsd } from './format-cost'

function range(expected: TokensAndUsd, worst: TokensAndUsd): string {
  return `~${formatCount(expected.tokens)} tokens, ${formatUsd(expected.usd)} expected · worst case ${formatCount(worst.tokens)} tokens, ${formatUsd(worst.usd)}`
}

function hints(estimate: RunEstimate): string[] {
  return estimate.unpriced.map((id) => {
    const [provider = '', ...rest] = id.split('/')
    return `  note: ${priceHint(provider, rest.join('/'))}`
  })
}

/** "estimate  ~6,400 tokens, $0.012 expected · worst case 52,000 tokens, $0.31" (+ price notes). */
export function estimateLine(estimate: RunEstimate): string {
  return [`estimate  ${range(estimate.expected, estimate.worst)}`, ...hints(estimate)].join('\n') + '\n'
}

export function estimateTable(estimate: RunEstimate): string {
  const rows = estimate.steps.map((s) => [
    s.step,
    `${s.provider}/${s.model}`,
    formatCount(s.expected.tokens),
    formatUsd(s.expected.usd),
    formatCount(s.worst.tokens),
    formatUsd(s.worst.usd),
  ])
  rows.push([
    'total',
    '',
    formatCount(estimate.expected.tokens),
    formatUsd(estimate.expected.usd),
    formatCount(estimate.worst.tokens),
    formatUsd(estimate.worst.usd),
  ])
  const table = formatTable(['step', 'model', 'expected tokens', 'expected $', 'worst tokens', 'worst $'], rows, { right: [2, 3, 4, 5] })
  return [table, ...hints(estimate)].join('\n') + '\n'
}
