/**
 * The Ollama adapter, on the real `ollama` client. A chat turn streams `text` and `tool_call`
 * chunks, `thinking` for `message.thinking` (Ollama thinks by default with a model that has the
 * "thinking" capability, server/routes.go ChatHandler, and streams it apart from the content), and
 * ends with exactly one `done` (usage from prompt_eval_count / eval_count). It throws
 * only ProviderError, never retries, and cancels the HTTP request for real on abort, on any of
 * its own timeouts (connect, first token, idle between chunks) and when the consumer stops early.
 * Timers are paused while a chunk is with the consumer, so a slow consumer never looks idle.
 * With a custom `fetch` the connect phase cannot be observed, so the first-token timer covers it.
 * `contextLimit` is the num_ctx sent, capped at the context length the model's preflight reported.
 * `maxConcurrency` drops to 1 once the only model preflighted has an architecture Ollama always
 * loads with one slot (server/sched.go; machine/ollama-parallelism), and `slotHint` then says why.
 */
import { endpointIdentity } from '../endpoint-identity'
import { resolveConcurrency, resolveTimeouts, withCallTimeouts, type ProviderTimeouts } from '../provider-settings'
import { Ollama, type AbortableAsyncIterator, type ChatResponse } from 'ollama'
import { abortedError } from '../../errors'
import { classifyOllamaFailure, modelMissing } from './ollama-errors'
import { Exchange } from './ollama-exchange'
import { DEFAULT_OLLAMA_HOST, normalizeOllamaHost } from './ollama-host'
import { toOllamaMessages, toOllamaOptions, toOllamaTools } from './ollama-messages'
import { hasModel, listOllamaModels } from './ollama-tags'
import { showOllamaModel, toolSupportNotice } from './ollama-show'
import { ollamaContextLimit } from './ollama-context'
import { SINGLE_SLOT_ARCHITECTURES, singleSlotNote } from '../../machine/ollama-parallelism'
import type { ChatRequest, ModelOptions, ModelProvider, ProviderChunk, StopReason, ToolCall } from '../types'

export { ollamaHostFromEnv } from './ollama-host'

export interface OllamaConfig {
  host?: string
  maxConcurrency?: number
  /** How to raise maxConcurrency (ModelProvider.slotHint). */
  slotHint?: string
  fetch?: typeof fetch
  connectTimeoutMs?: number
  firstTokenTimeoutMs?: number
  idleTimeoutMs?: number
  /** Machine-tuned options (threads, batch, context…) sent under each request's own options. */
  defaultOptions?: ModelOptions
}

const OLLAMA_DEFAULT_TIMEOUTS = { connectMs: 10_000, firstTokenMs: 300_000, idleMs: 120_000 } as const
const OLLAMA_DEFAULT_CONCURRENCY = 2

interface AdapterSettings {
  host: string
  fetch?: typeof fetch
  connectMs: number
  firstTokenMs: number
  idleMs: number
  defaultOptions: ModelOptions
}

function parsedArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

function callId(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' && raw.id !== '') return raw.id
  return undefined
}

function stopReasonOf(part: ChatResponse, sawToolCall: boolean): StopReason {
  if (sawToolCall) return 'tool_calls'
  return part.done_reason === 'length' ? 'length' : 'stop'
}

async function* chatStream(
  adapter: AdapterSettings,
  request: ChatRequest,
  signal: AbortSignal,
  callTimeouts?: ProviderTimeouts,
): AsyncGenerator<ProviderChunk> {
  if (signal.aborted) throw abortedError()
  const settings = { ...adapter, ...withCallTimeouts(adapter, callTimeouts) }
  const exchange = new Exchange(signal)
  const base = settings.fetch ?? exchange.transport({ onConnected: () => exchange.arm('first token', settings.firstTokenMs) })
  const client = new Ollama({ host: settings.host, fetch: exchange.instrument(base) })
  if (settings.fetch) exchange.arm('first token', settings.firstTokenMs)
  else exchange.arm('connect', settings.connectMs)
  let stream: AbortableAsyncIterator<ChatResponse> | undefined
  let finished = false
  try {
    const tools = toOllamaTools(request.tools)
    stream = await client.chat({
      model: request.model,
      messages: toOllamaMessages(request.messages),
      ...(tools.length > 0 ? { tools } : {}),
      options: toOllamaOptions(withDefaults(settings.defaultOptions, request.options)),
      stream: true,
    })
    const iterator = stream[Symbol.asyncIterator]()
    let calls = 0
    for (;;) {
      const next = await iterator.next()
      exchange.disarm()
      if (next.done) break
      const part = next.value
      if (part.message?.thinking) yield { type: 'thinking', text: part.message.thinking }
      if (part.message?.content) yield { type: 'text', text: part.message.content }
      for (const raw of part.message?.tool_calls ?? []) {
        calls++
        const call: ToolCall = {
          id: callId(raw) ?? `call_${calls}`,
          name: raw.function.name,
          arguments: parsedArguments(raw.function.arguments),
        }
        yield { type: 'tool_call', call }
      }
      if (part.done) {
        finished = true
        yield {
          type: 'done',
          stopReason: stopReasonOf(part, calls > 0),
          usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
        }
        return
      }
      if (signal.aborted) throw abortedError()
      exchange.arm('idle', settings.idleMs)
    }
    throw new Error('stream ended without done')
  } catch (err) {
    throw classifyOllamaFailure(err, { host: settings.host, model: request.model, callerSignal: signal, facts: exchange.facts })
  } finally {
    exchange.disarm()
    if (!finished) stream?.abort()
  }
}

export function createOllamaProvider(config: OllamaConfig = {}): ModelProvider {
  const host = normalizeOllamaHost(config.host ?? DEFAULT_OLLAMA_HOST)
  const settings: AdapterSettings = {
    host,
    fetch: config.fetch,
    ...resolveTimeouts(
      { connectTimeoutMs: config.connectTimeoutMs, firstTokenTimeoutMs: config.firstTokenTimeoutMs, idleTimeoutMs: config.idleTimeoutMs },
      OLLAMA_DEFAULT_TIMEOUTS,
    ),
    defaultOptions: config.defaultOptions ?? {},
  }
  /** Each model's trained context length, as its preflight's /api/show reported it. */
  const contextLengths = new Map<string, number>()
  const configured = resolveConcurrency(config.maxConcurrency, OLLAMA_DEFAULT_CONCURRENCY)
  const preflighted = new Set<string>()
  /** Preflighted models Ollama runs one request at a time, with their architecture. */
  const singleSlot = new Map<string, string>()
  const onlySingleSlot = (): [string, string] | undefined => (preflighted.size === 1 ? [...singleSlot][0] : undefined)
  return {
    name: 'ollama',
    label: `Ollama (${host})`,
    offline: false,
    get maxConcurrency() {
      return onlySingleSlot() ? 1 : configured
    },
    get slotHint() {
      const only = onlySingleSlot()
      return only ? singleSlotNote(...only) : config.slotHint
    },
    endpoint: endpointIdentity(host),
    chat: (request, options) => chatStream(settings, request, options.signal, options.timeouts),
    async preflight(model, options) {
      const available = await listOllamaModels(host, { signal: options.signal, timeoutMs: settings.connectMs, fetch: settings.fetch })
      if (!hasModel(available, model)) throw modelMissing(host, model)
      const facts = await showOllamaModel(host, model, { signal: options.signal, timeoutMs: settings.connectMs, fetch: settings.fetch })
      if (facts.contextLength !== undefined) contextLengths.set(model, facts.contextLength)
      preflighted.add(model)
      const notices: string[] = []
      if (facts.architecture !== undefined && SINGLE_SLOT_ARCHITECTURES.has(facts.architecture)) {
        singleSlot.set(model, facts.architecture)
        if (configured > 1) notices.push(`${singleSlotNote(model, facts.architecture)}, so steps on it run one after another`)
      }
      const notice = toolSupportNotice(host, model, facts)
      if (notice) notices.push(notice)
      if (notices.length > 0) return { notices }
    },
    listModels: (options) => listOllamaModels(host, { signal: options.signal, timeoutMs: settings.connectMs, fetch: settings.fetch }),
    contextLimit: (request) =>
      ollamaContextLimit(request.model, withDefaults(settings.defaultOptions, request.options).num_ctx, contextLengths.get(request.model)),
  }
}

/** The request's own options win; its `max_tokens` also beats a tuned default `num_predict`. */
function withDefaults(defaults: ModelOptions, own: ModelOptions): ModelOptions {
  const merged: ModelOptions = { ...defaults }
  for (const [key, value] of Object.entries(own) as [keyof ModelOptions, number | undefined][]) {
    if (value !== undefined) merged[key] = value
  }
  if (own.max_tokens !== undefined && own.num_predict === undefined) delete merged.num_predict
  return merged
}
