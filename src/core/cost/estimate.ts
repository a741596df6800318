/**
 * Cost preview of a spec before it runs (`orchestrator estimate`, and the line `run` prints
 * first): per step and in total, tokens and dollars as a range. Expected: two turns (one that
 * writes files, one that closes), each answering min(max output, EXPECTED_ANSWER_TOKENS).
 * Worst case: every one of `max_turns` turns answers the full max output (max_tokens, else
 * num_predict, else 4096), each turn's input grows by the answers before it, and a prompt that
 * quotes an upstream step (`{{steps.x.output}}`, `{{steps.x.files}}`) carries that step's worst
 * output too. Retries are not counted. Local models cost $0; a model the price table does not
 * know has a null (unknown) cost, shown as `?`.
 */
import { addCost } from '../../shared/cost'
import { FILE_TOOL_SPECS } from '../tools/tool-specs'
import type { ResolvedSpec } from '../spec/types'
import { costOf } from './cost'
import { lookupPrice, type PriceTable } from './price-table'
import { estimateTokens, maxOutputTokens } from './token-estimate'

const EXPECTED_ANSWER_TOKENS = 1000

export interface TokensAndUsd {
  tokens: number
  /** null when the model has no known price. */
  usd: number | null
}

interface StepEstimate {
  step: string
  provider: string
  model: string
  pricing: 'priced' | 'free' | 'unknown'
  expected: TokensAndUsd
  worst: TokensAndUsd
}

export interface RunEstimate {
  steps: StepEstimate[]
  expected: TokensAndUsd
  worst: TokensAndUsd
  /** Models without a price, as provider/model. */
  unpriced: string[]
}

export interface StepModel {
  provider: string
  model: string
}

const UPSTREAM = /\{\{\s*steps\.([a-z][a-z0-9_-]*)\.(output|files)\s*\}\}/g

function turnsCost(sm: StepModel, turns: { input: number; output: number }[], prices: PriceTable): TokensAndUsd {
  let tokens = 0
  let usd: number | null = 0
  for (const t of turns) {
    tokens += t.input + t.output
    usd = addCost(usd, costOf(sm.provider, sm.model, { promptTokens: t.input, completionTokens: t.output }, prices))
  }
  return { tokens, usd }
}

export function estimateRun(spec: ResolvedSpec, models: ReadonlyMap<string, StepModel>, prices: PriceTable): RunEstimate {
  const worstOutput = new Map<string, number>()
  const steps: StepEstimate[] = []
  const unpriced = new Set<string>()
  for (const step of spec.steps) {
    const sm = models.get(step.id) ?? { provider: step.provider ?? 'auto', model: step.model ?? 'default' }
    const tools = JSON.stringify(step.tools.map((name) => FILE_TOOL_SPECS[name]))
    const base = estimateTokens(step.system) + estimateTokens(step.prompt) + estimateTokens(tools)
    let quoted = 0
    for (const match of step.prompt.matchAll(UPSTREAM)) quoted += worstOutput.get(match[1] ?? '') ?? 0
    const maxOut = maxOutputTokens(step.options)
    const answer = Math.min(maxOut, EXPECTED_ANSWER_TOKENS)
    const expectedTurns = Array.from({ length: Math.min(2, step.max_turns) }, (_, i) => ({ input: base + i * answer, output: answer }))
    const worstTurns = Array.from({ length: step.max_turns }, (_, i) => ({ input: base + quoted + i * maxOut, output: maxOut }))
    worstOutput.set(step.id, maxOut * step.max_turns)
    const found = lookupPrice(prices, sm.provider, sm.model)
    if (found.kind === 'unknown') unpriced.add(`${sm.provider}/${sm.model}`)
    steps.push({
      step: step.id,
      provider: sm.provider,
      model: sm.model,
      pricing: found.kind,
      expected: turnsCost(sm, expectedTurns, prices),
      worst: turnsCost(sm, worstTurns, prices),
    })
  }
  const sum = (pick: (s: StepEstimate) => TokensAndUsd): TokensAndUsd =>
    steps.reduce<TokensAndUsd>((acc, s) => ({ tokens: acc.tokens + pick(s).tokens, usd: addCost(acc.usd, pick(s).usd) }), {
      tokens: 0,
      usd: 0,
    })
  return { steps, expected: sum((s) => s.expected), worst: sum((s) => s.worst), unpriced: [...unpriced].sort() }
}
