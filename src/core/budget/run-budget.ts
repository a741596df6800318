/**
 * The caps a run starts with, decided before anything is created: the spec's `budget:` with the
 * run's own flags (`--max-usd`, `--max-tokens`) over it field by field, plus each step's
 * `steps[].budget`. A dollar cap over a step whose model has no price could never be enforced,
 * so it is refused here (bad input, nothing created) unless the cap is in tokens.
 */
import { OrchestratorError } from '../errors'
import { lookupPrice, priceHint, type PriceTable } from '../cost/price-table'
import type { StepModel } from '../cost/estimate'
import type { ResolvedSpec } from '../spec/types'
import type { BudgetCap } from '../../shared/run-event'

export function runCapOf(spec: ResolvedSpec, override: BudgetCap | undefined): BudgetCap | undefined {
  const merged: BudgetCap = { ...spec.budget, ...override }
  return merged.max_usd === undefined && merged.max_tokens === undefined ? undefined : merged
}

export function stepCapsOf(spec: ResolvedSpec): Map<string, BudgetCap> {
  const caps = new Map<string, BudgetCap>()
  for (const step of spec.steps) if (step.budget) caps.set(step.id, step.budget)
  return caps
}

export function checkCapsArePriced(
  spec: ResolvedSpec,
  runCap: BudgetCap | undefined,
  stepCaps: ReadonlyMap<string, BudgetCap>,
  models: ReadonlyMap<string, StepModel>,
  prices: PriceTable,
): void {
  const problems = new Set<string>()
  for (const step of spec.steps) {
    const usdCapped = runCap?.max_usd !== undefined || stepCaps.get(step.id)?.max_usd !== undefined
    const sm = models.get(step.id)
    if (!usdCapped || !sm) continue
    if (lookupPrice(prices, sm.provider, sm.model).kind === 'unknown') problems.add(priceHint(sm.provider, sm.model))
  }
  if (problems.size === 0) return
  throw new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `a dollar budget cannot be enforced for a model without a price — cap in tokens instead (--max-tokens, budget.max_tokens), or: ${[...problems].join('; ')}`,
  })
}
