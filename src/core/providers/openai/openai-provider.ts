/**
 * The OpenAI adapter (and the base of every OpenAI-compatible one, e.g. MLX), on the real `openai`
 * SDK with `maxRetries: 0` — the step runner is the one retry owner. A chat turn streams `text`
 * chunks (and `thinking` for a delta's `reasoning`), then the tool calls reassembled from their argument deltas, then exactly one `done`
 * with usage (`stream_options.include_usage`). A stream without `data: [DONE]` is a failure. It
 * throws only ProviderError, cancels the HTTP request for real on abort, on any of its own
 * timeouts (connect, first token, idle between chunks) and when the consumer stops early; timers
 * are paused while a chunk is with the consumer. The API key never appears in an error.
 */
import { endpointIdentity } from '../endpoint-identity'
import { resolveConcurrency, resolveTimeouts, type ProviderTimeouts } from '../provider-settings'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { abortedError, OrchestratorError } from '../../errors'
import { toOpenAIRequest } from './openai-messages'
import { classifyOpenAIFailure, modelNotFound, type OpenAIFlavor } from './openai-errors'
import {
  assertCallable,
  makeOpenAIClient,
  openAIFailureContext,
  openStreamCall,
  StreamIncomplete,
  trimBaseURL,
  type OpenAIApi,
  type OpenAICompatibleSettings,
} from './openai-client'
import { responsesStream } from './responses-stream'

export { trimBaseURL, type OpenAIApi, type OpenAICompatibleSettings } from './openai-client'
import { ToolCallAccumulator } from './openai-tool-calls'
import { SseExchange } from '../http/sse-exchange'
import type { ChatRequest, ModelProvider, ProviderChunk, StopReason, TokenUsage } from '../types'

export interface OpenAIConfig {
  /** Usually from OPENAI_API_KEY (the registry reads the environment, this adapter does not). */
  apiKey?: string
  /** Usually from OPENAI_BASE_URL or the spec; default https://api.openai.com/v1. */
  baseURL?: string
  maxConcurrency?: number
  timeouts?: ProviderTimeouts
  /** Provider name as written in specs (default 'openai'). */
  name?: string
  /** Default: 'responses' at api.openai.com (OpenAI's own models), 'chat' for any other server. */
  api?: OpenAIApi
}

/** The API to speak to `baseURL` when none is chosen: the Responses API at OpenAI itself, Chat Completions elsewhere. */
export function defaultOpenAIApi(baseURL: string): OpenAIApi {
  try {
    return new URL(baseURL).hostname.toLowerCase() === 'api.openai.com' ? 'responses' : 'chat'
  } catch {
    return 'chat'
  }
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1'
export const OPENAI_DEFAULT_TIMEOUTS = { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 60_000 } as const
const OPENAI_DEFAULT_CONCURRENCY = 4
const MAX_LISTED_MODELS = 5_000

const OPENAI_FLAVOR: OpenAIFlavor = {
  display: 'OpenAI',
  provider: 'openai',
  keyEnv: 'OPENAI_API_KEY',
  baseUrlEnv: 'OPENAI_BASE_URL',
  unreachableFix: () => 'check the network, or set OPENAI_BASE_URL to an OpenAI-compatible server that is running',
  modelFix: () => "use a model this key can access (set OPENAI_MODEL or the spec's model, e.g. gpt-5.6-terra)",
}

/** Reasoning text of a delta: `reasoning` (mlx_lm.server, Ollama's /v1) or `reasoning_content` (vLLM, llama.cpp). */
function reasoningOf(delta: unknown): string | undefined {
  if (!delta || typeof delta !== 'object') return undefined
  for (const field of ['reasoning', 'reasoning_content'] as const) {
    const value: unknown = (delta as Record<string, unknown>)[field]
    if (typeof value === 'string' && value !== '') return value
  }
  return undefined
}

function stopReasonOf(finish: string | null, sawToolCall: boolean): StopReason {
  if (finish === 'tool_calls' || finish === 'function_call' || (sawToolCall && (finish === null || finish === 'stop'))) return 'tool_calls'
  if (finish === 'length') return 'length'
  if (finish === null || finish === 'stop') return 'stop'
  return 'other'
}

async function* chatStream(
  s: OpenAICompatibleSettings,
  request: ChatRequest,
  signal: AbortSignal,
  callTimeouts?: ProviderTimeouts,
): AsyncGenerator<ProviderChunk> {
  const { t, exchange, client, ctx } = openStreamCall(s, request.model, signal, callTimeouts, (event) => event.data.trim() === '[DONE]')
  let controller: AbortController | undefined
  let finished = false
  try {
    const stream = await client.chat.completions.create(toOpenAIRequest(request, s.maxTokensField, s.defaultMaxTokens), { signal })
    controller = stream.controller
    const iterator: AsyncIterator<ChatCompletionChunk> = stream[Symbol.asyncIterator]()
    const calls = new ToolCallAccumulator()
    let finish: string | null = null
    let usage: TokenUsage = { promptTokens: 0, completionTokens: 0 }
    for (;;) {
      const next = await iterator.next()
      exchange.disarm()
      if (next.done) break
      const chunk = next.value
      if (chunk.usage) {
        const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0
        usage = {
          promptTokens: chunk.usage.prompt_tokens ?? 0,
          completionTokens: chunk.usage.completion_tokens ?? 0,
          ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
        }
      }
      for (const choice of chunk.choices ?? []) {
        const reasoning = reasoningOf(choice.delta)
        if (reasoning !== undefined) yield { type: 'thinking', text: reasoning }
        if (choice.delta?.content) yield { type: 'text', text: choice.delta.content }
        for (const delta of choice.delta?.tool_calls ?? []) calls.add(delta)
        if (choice.finish_reason) finish = choice.finish_reason
      }
      if (signal.aborted) throw abortedError()
      exchange.arm('idle', t.idleMs)
    }
    if (!exchange.facts.sawEndMarker || exchange.facts.fired || signal.aborted) throw new StreamIncomplete('stream ended without [DONE]')
    const toolCalls = calls.finish()
    for (const call of toolCalls) yield { type: 'tool_call', call }
    finished = true
    yield { type: 'done', stopReason: stopReasonOf(finish, toolCalls.length > 0), usage }
  } catch (err) {
    throw classifyOpenAIFailure(err, ctx)
  } finally {
    exchange.disarm()
    if (!finished) controller?.abort()
  }
}

async function listModels(s: OpenAICompatibleSettings, exchange: SseExchange, signal: AbortSignal): Promise<string[]> {
  const client = makeOpenAIClient(s, s, exchange.instrument(exchange.transport()))
  const ids: string[] = []
  for await (const model of client.models.list({ signal })) {
    ids.push(model.id)
    if (ids.length >= MAX_LISTED_MODELS) break
  }
  return ids
}

/** The server's model ids (and the exchange they came through), or the classified failure; timers disarmed either way. */
async function fetchModelIds(s: OpenAICompatibleSettings, signal: AbortSignal): Promise<{ ids: string[]; exchange: SseExchange }> {
  assertCallable(s, signal)
  const exchange = new SseExchange(signal, () => false)
  exchange.arm('connect', s.connectMs)
  try {
    return { ids: await listModels(s, exchange, signal), exchange }
  } catch (err) {
    throw classifyOpenAIFailure(err, openAIFailureContext(s, exchange, signal))
  } finally {
    exchange.disarm()
  }
}

async function preflight(s: OpenAICompatibleSettings, model: string, signal: AbortSignal): Promise<void> {
  let listed: { ids: string[]; exchange: SseExchange }
  try {
    listed = await fetchModelIds(s, signal)
  } catch (err) {
    if (err instanceof OrchestratorError && err.status === 404) return
    throw err
  }
  if (!listed.ids.includes(model)) throw modelNotFound(model, openAIFailureContext(s, listed.exchange, signal, model))
}

async function listAllModels(s: OpenAICompatibleSettings, signal: AbortSignal): Promise<string[]> {
  return (await fetchModelIds(s, signal)).ids.sort()
}

/** Any server that speaks the OpenAI Chat Completions API, described by `settings`. */
export function createOpenAICompatibleProvider(settings: OpenAICompatibleSettings): ModelProvider {
  const s: OpenAICompatibleSettings = { ...settings, baseURL: trimBaseURL(settings.baseURL) }
  return {
    name: s.name,
    label: s.label,
    offline: false,
    maxConcurrency: s.maxConcurrency,
    endpoint: endpointIdentity(s.baseURL),
    chat: (request, options) =>
      s.api === 'responses'
        ? responsesStream(s, request, options.signal, options.timeouts)
        : chatStream(s, request, options.signal, options.timeouts),
    preflight: (model, options) => preflight(s, model, options.signal),
    listModels: (options) => listAllModels(s, options.signal),
  }
}

export function createOpenAIProvider(config: OpenAIConfig = {}): ModelProvider {
  const baseURL = trimBaseURL(config.baseURL?.trim() || OPENAI_DEFAULT_BASE_URL)
  const apiKey = config.apiKey?.trim() || undefined
  const api = config.api ?? defaultOpenAIApi(baseURL)
  return createOpenAICompatibleProvider({
    name: config.name ?? 'openai',
    label: `OpenAI (${baseURL}, ${api === 'responses' ? 'Responses API' : 'Chat Completions'})`,
    api,
    flavor: OPENAI_FLAVOR,
    apiKey,
    requiresKey: true,
    baseURL,
    maxConcurrency: resolveConcurrency(config.maxConcurrency, OPENAI_DEFAULT_CONCURRENCY),
    ...resolveTimeouts(config.timeouts, OPENAI_DEFAULT_TIMEOUTS),
    maxTokensField: 'max_completion_tokens',
  })
}
