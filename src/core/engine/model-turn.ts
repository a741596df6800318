/**
 * One model turn: look the canonical request up in the content-addressed cache, otherwise stream
 * it from the provider. Either way the same events are recorded (tokens, llm.request/response)
 * and the same collected result is returned, so a cached run is indistinguishable from a live one
 * except for `cache.hit` and the absence of `provider.call`. `llm.response` carries the dollar
 * cost from the price table (a cache hit costs 0 and records what it saved). An answer that
 * contains a key (the redactor matches it) is never written to the cache. A live call to a server
 * that truncates silently is checked against its context window (context-watch).
 */
import { faultPoint } from '../fault/fault-point'
import { costOf } from '../cost/cost'
import { shippedPriceTable, type PriceTable } from '../cost/price-table'
import { abortedError, OrchestratorError } from '../errors'
import type { Usage } from '../../shared/run-event'
import type { ProviderTimeouts } from '../providers/provider-settings'
import type { ChatRequest, ModelProvider, ProviderChunk, ReasoningItem, StopReason, TokenUsage, ToolCall } from '../providers/types'
import { randomBytes } from 'node:crypto'
import type { BudgetGuard } from '../budget/budget-guard'
import { cacheKey, replayKey, type LlmCache } from '../run/llm-cache'
import type { RunRecorder } from '../run/run-recorder'
import type { StepLog } from '../run/step-log'
import { watchContext } from './context-watch'

export interface TurnResult {
  text: string
  toolCalls: ToolCall[]
  /** The model's reasoning items / thinking blocks, to pass back with this answer next turn. */
  reasoning: ReasoningItem[]
  stopReason: StopReason
  usage: TokenUsage
  cached: boolean
  /** Provenance: this call's id (in its events and log section) and its request's cache key. */
  modelCallId: string
  cacheKey: string
}

export interface TurnContext {
  stepId: string
  turn: number
  attempt: number
  provider: ModelProvider
  request: ChatRequest
  cache: LlmCache | null
  recorder: RunRecorder
  log: StepLog
  signal: AbortSignal
  /** Default: the shipped table. */
  prices?: PriceTable
  /** The step's own stream timeouts (spec `timeouts:`), over the provider's. */
  timeouts?: ProviderTimeouts
  /** The run's spending caps: checked before the call and while it streams. */
  budget?: BudgetGuard
}

function collect(chunks: readonly ProviderChunk[]): Omit<TurnResult, 'cached' | 'modelCallId' | 'cacheKey'> | null {
  let text = ''
  const toolCalls: ToolCall[] = []
  const reasoning: ReasoningItem[] = []
  for (const chunk of chunks) {
    if (chunk.type === 'text') text += chunk.text
    else if (chunk.type === 'tool_call') toolCalls.push(chunk.call)
    else if (chunk.type === 'reasoning') reasoning.push(chunk.item)
    else if (chunk.type === 'done') return { text, toolCalls, reasoning, stopReason: chunk.stopReason, usage: chunk.usage }
  }
  return null
}

/** Token usage as events record it; cache fields only when the provider reported them. */
function usageRecord(usage: TokenUsage): Usage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    ...(usage.cachedPromptTokens ? { cached_prompt_tokens: usage.cachedPromptTokens } : {}),
    ...(usage.cacheWriteTokens ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
  }
}

function recordStreamed(recorder: RunRecorder, step: string, chunk: ProviderChunk): void {
  if (chunk.type === 'text') recorder.record({ type: 'step.token', step, text: chunk.text })
  else if (chunk.type === 'thinking') recorder.record({ type: 'step.thinking', step, text: chunk.text })
}

/** The llm.response of a stream the budget stopped: what it used so far (estimated), so the run's cost counts it. */
function recordStopped(ctx: TurnContext, modelCallId: string, usage: TokenUsage, usd: number | null, started: number): void {
  ctx.recorder.record({
    type: 'llm.response',
    step: ctx.stepId,
    turn: ctx.turn,
    stop_reason: 'budget_exceeded',
    usage: usageRecord(usage),
    duration_ms: Math.round(performance.now() - started),
    cached: false,
    model_call_id: modelCallId,
    cost_usd: usd,
  })
}

/** Streams one live answer, aborting it when the budget says the stream crossed a cap. */
async function streamAnswer(ctx: TurnContext, modelCallId: string): Promise<ProviderChunk[]> {
  const { stepId: step, recorder, provider, request } = ctx
  const started = performance.now()
  const ticket = ctx.budget?.beforeCall({ step, provider: provider.name, model: request.model, request })
  recorder.record({
    type: 'provider.call',
    step,
    provider: provider.name,
    model: request.model,
    attempt: ctx.attempt,
    model_call_id: modelCallId,
  })
  faultPoint('step.model_call')
  const call = new AbortController()
  const abortCall = (): void => call.abort()
  ctx.signal.addEventListener('abort', abortCall, { once: true })
  const chunks: ProviderChunk[] = []
  let streamed = 0
  try {
    for await (const chunk of provider.chat(request, { signal: call.signal, ...(ctx.timeouts ? { timeouts: ctx.timeouts } : {}) })) {
      if (ctx.signal.aborted) break
      chunks.push(chunk)
      recordStreamed(recorder, step, chunk)
      if (chunk.type === 'text' || chunk.type === 'thinking') {
        streamed += chunk.text.length
      } else if (chunk.type === 'tool_call') {
        streamed += JSON.stringify(chunk.call.arguments ?? '').length
      }
      if (chunk.type === 'done') break
      if (ticket) {
        try {
          ctx.budget?.onStream(ticket, streamed)
        } catch (err) {
          call.abort()
          const stopped = ctx.budget?.settleStopped(ticket, streamed)
          if (stopped) recordStopped(ctx, modelCallId, stopped.usage, stopped.usd, started)
          throw err
        }
      }
    }
  } finally {
    ctx.signal.removeEventListener('abort', abortCall)
  }
  if (ctx.signal.aborted) throw abortedError()
  return chunks
}

export async function runModelTurn(ctx: TurnContext): Promise<TurnResult> {
  const { stepId: step, recorder, provider, request } = ctx
  const started = performance.now()
  const cacheRequest = { provider: provider.name, ...request, ...(provider.endpoint ? { endpoint: provider.endpoint } : {}) }
  const key = cacheKey(cacheRequest)
  const modelCallId = `mc_${randomBytes(6).toString('hex')}`
  recorder.record({
    type: 'llm.request',
    step,
    provider: provider.name,
    model: request.model,
    turn: ctx.turn,
    model_call_id: modelCallId,
    request_sha256: key,
  })
  const hit = ctx.cache?.get(key)
  let chunks: ProviderChunk[]
  if (hit) {
    recorder.record({ type: 'cache.hit', step, key })
    ctx.cache?.keep(hit)
    chunks = hit.chunks
    for (const chunk of chunks) recordStreamed(recorder, step, chunk)
  } else {
    if (ctx.cache) recorder.record({ type: 'cache.miss', step, key })
    const watch = watchContext(recorder, step, provider, request)
    chunks = await streamAnswer(ctx, modelCallId)
    const done = chunks.at(-1)
    if (watch && done?.type === 'done') watch.afterReply(done.usage)
  }
  const result = collect(chunks)
  if (!result) {
    throw new OrchestratorError({
      kind: 'protocol',
      retryable: true,
      message: `${provider.name} ended the answer without its end marker; the partial answer was discarded`,
    })
  }
  if (!hit && ctx.cache && !recorder.redactor.test(JSON.stringify(chunks))) {
    ctx.cache.put({
      key,
      provider: provider.name,
      model: request.model,
      chunks,
      created_at: new Date().toISOString(),
      ...(provider.endpoint ? { endpoint: provider.endpoint, replay_key: replayKey(cacheRequest) } : {}),
    })
  }
  const cost = costOf(provider.name, request.model, result.usage, ctx.prices ?? shippedPriceTable())
  if (!hit) ctx.budget?.settle(step, result.usage, cost)
  recorder.record({
    type: 'llm.response',
    step,
    turn: ctx.turn,
    stop_reason: result.stopReason,
    usage: usageRecord(result.usage),
    duration_ms: Math.round(performance.now() - started),
    cached: hit !== undefined,
    model_call_id: modelCallId,
    ...(hit ? { cost_usd: 0, saved_usd: cost } : { cost_usd: cost }),
  })
  ctx.log.section(`answer (turn ${ctx.turn}, model call ${modelCallId}${hit ? ', from cache' : ''})`, result.text || '(no text)')
  for (const call of result.toolCalls) ctx.log.line(`tool call ${call.name} ${JSON.stringify(call.arguments)?.slice(0, 300)}`)
  return { ...result, cached: hit !== undefined, modelCallId, cacheKey: key }
}
