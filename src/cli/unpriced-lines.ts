/**
 * The "add a price" hints under a run's cost: one line per provider/model of the run whose price
 * is unknown (its cost prints as "?"), from the price table's `priceHint`.
 */
import { priceHint } from '../core/cost/price-table'
import type { Manifest } from '../shared/manifest'

/** Hints for the models whose price is unknown in this run (one per provider/model). */
export function unpricedLines(manifest: Manifest): string[] {
  const seen = new Set<string>()
  const lines: string[] = []
  for (const step of Object.values(manifest.steps)) {
    if (step.cost_usd !== null && step.saved_usd !== null) continue
    const id = `${step.provider}/${step.model}`
    if (seen.has(id)) continue
    seen.add(id)
    lines.push(priceHint(step.provider, step.model))
  }
  return lines
}
