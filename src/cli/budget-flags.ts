/**
 * The --max-usd / --max-tokens flags shared by `run` and `estimate`: their zod shapes, their
 * help lines, and the cap they make.
 */
import { z } from 'zod'
import type { FlagSpec } from './args'
import type { BudgetCap } from '../shared/run-event'

export const budgetFlagShape = {
  'max-usd': z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?$/, 'must be a dollar amount such as 0.50')
    .transform(Number)
    .pipe(z.number().positive('must be more than 0'))
    .optional(),
  'max-tokens': z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1'))
    .optional(),
}

export const BUDGET_FLAGS: Record<string, FlagSpec> = {
  'max-usd': { type: 'string', valueName: 'X', description: "stop the run before it spends more than $X (over the spec's budget.max_usd)" },
  'max-tokens': { type: 'string', valueName: 'N', description: 'stop the run before it uses more than N tokens (over budget.max_tokens)' },
}

export function budgetFromFlags(flags: { 'max-usd'?: number; 'max-tokens'?: number }): BudgetCap | undefined {
  const cap: BudgetCap = {}
  if (flags['max-usd'] !== undefined) cap.max_usd = flags['max-usd']
  if (flags['max-tokens'] !== undefined) cap.max_tokens = flags['max-tokens']
  return cap.max_usd === undefined && cap.max_tokens === undefined ? undefined : cap
}
