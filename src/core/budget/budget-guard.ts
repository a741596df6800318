/**
 * The spending cap of one run (spec `budget:`, `run --max-usd/--max-tokens`) and of its steps
 * (`steps[].budget`). Only live model calls spend; cache hits are free. Before each call,
 * `beforeCall` checks the call's worst case (its request's tokens plus the full max output,
 * priced) against what is left of every cap that applies, and refuses it with `budget_exceeded`
 * when it might not fit. While the answer streams, `onStream` re-prices what has arrived and
 * refuses (the caller aborts the call) once it crosses a cap. `settle` books what the call
 * really used; `settleStopped` books a stream stopped that way (the provider bills it too, but
 * reports no usage for it): the request's estimated tokens plus the output that arrived. Errors name what was spent and the cap, and how to continue with a higher one.
 */
import { OrchestratorError } from '../errors'
import { costOf } from '../cost/cost'
import type { PriceTable } from '../cost/price-table'
import type { ChatRequest, TokenUsage } from '../providers/types'
import type { BudgetCap } from '../../shared/run-event'
import { estimateTokens, maxOutputTokens } from '../cost/token-estimate'
import { roundUsd } from '../../shared/cost'

export interface Spent {
  usd: number
  tokens: number
}

export interface CallContext {
  step: string
  provider: string
  model: string
  request: ChatRequest
}

/** A running call's ticket: the request's estimated input tokens, for pricing the stream. */
export interface CallTicket {
  ctx: CallContext
  inputTokens: number
}

function formatCapUsd(usd: number): string {
  return `$${usd < 0.01 ? usd.toPrecision(2) : usd.toFixed(2)}`
}

export class BudgetGuard {
  private readonly run: BudgetCap | undefined
  private readonly steps: ReadonlyMap<string, BudgetCap>
  private readonly prices: PriceTable
  private readonly runSpent: Spent = { usd: 0, tokens: 0 }
  private readonly stepSpent = new Map<string, Spent>()

  /** `spent`: what the run spent before (a resumed job), counted against the run cap. */
  constructor(options: { run?: BudgetCap; steps?: ReadonlyMap<string, BudgetCap>; prices: PriceTable; spent?: Spent }) {
    this.run = options.run
    this.steps = options.steps ?? new Map()
    this.prices = options.prices
    if (options.spent) {
      this.runSpent.usd = options.spent.usd
      this.runSpent.tokens = options.spent.tokens
    }
  }

  /** True when there is any cap at all. */
  get active(): boolean {
    return this.run !== undefined || this.steps.size > 0
  }

  spent(step?: string): Spent {
    const s = step === undefined ? this.runSpent : (this.stepSpent.get(step) ?? { usd: 0, tokens: 0 })
    return { usd: roundUsd(s.usd), tokens: s.tokens }
  }

  beforeCall(ctx: CallContext): CallTicket {
    const inputTokens = estimateTokens(JSON.stringify(ctx.request.messages)) + estimateTokens(JSON.stringify(ctx.request.tools))
    const ticket = { ctx, inputTokens }
    if (this.active) this.check(ticket, maxOutputTokens(ctx.request.options), 'before')
    return ticket
  }

  /** Checks the call as it streams; `outputChars` is what has arrived so far. Throws when a cap is crossed. */
  onStream(ticket: CallTicket, outputChars: number): void {
    if (this.active) this.check(ticket, Math.ceil(outputChars / 4), 'during')
  }

  /** Books the estimated usage of a stream `onStream` stopped, priced; returns it for the call's record. */
  settleStopped(ticket: CallTicket, outputChars: number): { usage: TokenUsage; usd: number | null } {
    const { step, provider, model } = ticket.ctx
    const usage = { promptTokens: ticket.inputTokens, completionTokens: Math.ceil(outputChars / 4) }
    const usd = costOf(provider, model, usage, this.prices)
    this.settle(step, usage, usd)
    return { usage, usd }
  }

  settle(step: string, usage: { promptTokens: number; completionTokens: number }, usd: number | null): void {
    const tokens = usage.promptTokens + usage.completionTokens
    for (const s of [this.runSpent, this.stepEntry(step)]) {
      s.tokens += tokens
      s.usd += usd ?? 0
    }
  }

  private stepEntry(step: string): Spent {
    let entry = this.stepSpent.get(step)
    if (!entry) {
      entry = { usd: 0, tokens: 0 }
      this.stepSpent.set(step, entry)
    }
    return entry
  }

  private check(ticket: CallTicket, outputTokens: number, when: 'before' | 'during'): void {
    const { step, provider, model } = ticket.ctx
    const usd = costOf(provider, model, { promptTokens: ticket.inputTokens, completionTokens: outputTokens }, this.prices) ?? 0
    const tokens = ticket.inputTokens + outputTokens
    const caps: [string, BudgetCap | undefined, Spent][] = [
      ['run', this.run, this.runSpent],
      [`step '${step}'`, this.steps.get(step), this.stepEntry(step)],
    ]
    for (const [scope, cap, spent] of caps) {
      if (!cap) continue
      if (cap.max_usd !== undefined && spent.usd + usd > cap.max_usd) {
        throw exceeded(
          scope,
          when,
          `${formatCapUsd(roundUsd(spent.usd))} of the ${formatCapUsd(cap.max_usd)} cap`,
          formatCapUsd(usd),
          '--max-usd',
        )
      }
      if (cap.max_tokens !== undefined && spent.tokens + tokens > cap.max_tokens) {
        throw exceeded(scope, when, `${spent.tokens} of the ${cap.max_tokens}-token cap`, `${tokens} tokens`, '--max-tokens')
      }
    }
  }
}

function exceeded(scope: string, when: 'before' | 'during', spentOfCap: string, call: string, flag: string): OrchestratorError {
  const what =
    when === 'before'
      ? `the next model call could cost up to ${call}, more than is left`
      : `the answer being streamed crossed the cap at about ${call} and was stopped`
  return new OrchestratorError({
    kind: 'budget_exceeded',
    retryable: false,
    message: `budget exceeded (${scope}): spent ${spentOfCap}; ${what}; finished steps are kept — continue with a higher cap (${flag})`,
  })
}
