/**
 * The Anthropic adapter, on the real `@anthropic-ai/sdk` with `maxRetries: 0` (the step runner is
 * the one retry owner). A chat turn streams `text` and `tool_call` chunks and ends with exactly
 * one `done` after `message_stop`; a stream that ends without it is a `protocol` error, an
 * in-stream `event: error` a retryable one. Our own timeouts (connect, first token, idle between
 * events; cloud defaults 10 s / 60 s / 60 s) abort the HTTP request for real, as do the caller's
 * signal and a consumer that stops early; timers are paused while a chunk is with the consumer.
 * The key comes from the config or ANTHROPIC_API_KEY and is only ever sent as a header.
 */
import { endpointIdentity } from '../endpoint-identity'
import { resolveConcurrency, resolveTimeouts, withCallTimeouts, type ProviderTimeouts } from '../provider-settings'
import Anthropic from '@anthropic-ai/sdk'
import type { Stream } from '@anthropic-ai/sdk/core/streaming'
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages'
import { abortedError } from '../../errors'
import { classifyAnthropicFailure, missingKeyError } from './anthropic-errors'
import { toAnthropicRequest } from './anthropic-messages'
import { AnthropicTurn } from './anthropic-turn'
import { Exchange } from '../ollama/ollama-exchange'
import type { ChatRequest, ModelProvider, ProviderChunk } from '../types'

/** Our own timeouts; each unset or non-positive value falls back to its cloud default. */
type AnthropicTimeouts = ProviderTimeouts

export interface AnthropicConfig {
  /** Defaults to ANTHROPIC_API_KEY from `env`. */
  apiKey?: string
  /** Defaults to ANTHROPIC_BASE_URL from `env`, then https://api.anthropic.com. */
  baseURL?: string
  maxConcurrency?: number
  timeouts?: AnthropicTimeouts
  /** Where ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL are read (default: process.env). */
  env?: NodeJS.ProcessEnv
}

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com'
export const ANTHROPIC_DEFAULT_TIMEOUTS = { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 60_000 } as const
const ANTHROPIC_DEFAULT_CONCURRENCY = 4

interface Settings {
  apiKey?: string
  baseURL: string
  connectMs: number
  firstTokenMs: number
  idleMs: number
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

function makeClient(settings: Settings, apiKey: string, exchange: Exchange): Anthropic {
  return new Anthropic({
    apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    timeout: settings.connectMs + settings.firstTokenMs + 1_000,
    logLevel: 'off',
    fetch: exchange.instrument(exchange.transport({ onConnected: () => exchange.arm('first token', settings.firstTokenMs) })),
  })
}

async function* chatStream(
  adapter: Settings,
  request: ChatRequest,
  signal: AbortSignal,
  callTimeouts?: ProviderTimeouts,
): AsyncGenerator<ProviderChunk> {
  if (signal.aborted) throw abortedError()
  const settings: Settings = { ...adapter, ...withCallTimeouts(adapter, callTimeouts) }
  if (!settings.apiKey) throw missingKeyError()
  const exchange = new Exchange(signal)
  const client = makeClient(settings, settings.apiKey, exchange)
  const turn = new AnthropicTurn()
  let stream: Stream<RawMessageStreamEvent> | undefined
  exchange.facts.expectsStream = true
  exchange.arm('connect', settings.connectMs)
  try {
    stream = await client.messages.create(toAnthropicRequest(request), { signal: exchange.signal })
    const iterator = stream[Symbol.asyncIterator]()
    for (;;) {
      const next = await iterator.next()
      if (next.done) break
      const chunks = turn.accept(next.value)
      if (!turn.started) continue
      exchange.disarm()
      for (const chunk of chunks) yield chunk
      if (turn.finished) return
      if (signal.aborted) throw abortedError()
      exchange.arm('idle', settings.idleMs)
    }
    throw new Error('stream ended without message_stop')
  } catch (err) {
    throw classifyAnthropicFailure(err, {
      baseURL: settings.baseURL,
      model: request.model,
      apiKey: settings.apiKey,
      callerSignal: signal,
      fired: exchange.facts.fired,
      streamOpen: stream !== undefined,
      notStreamed: exchange.facts.notStreamed,
    })
  } finally {
    exchange.disarm()
    stream?.controller.abort()
  }
}

async function preflight(settings: Settings, model: string, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw abortedError()
  if (!settings.apiKey) throw missingKeyError()
  const exchange = new Exchange(signal)
  const client = makeClient(settings, settings.apiKey, exchange)
  exchange.arm('connect', settings.connectMs)
  try {
    await client.models.retrieve(model, {}, { signal: exchange.signal })
  } catch (err) {
    throw classifyAnthropicFailure(err, {
      baseURL: settings.baseURL,
      model,
      apiKey: settings.apiKey,
      callerSignal: signal,
      fired: exchange.facts.fired,
      streamOpen: false,
    })
  } finally {
    exchange.disarm()
  }
}

const MAX_LISTED_MODELS = 500

async function listModels(settings: Settings, signal: AbortSignal): Promise<string[]> {
  if (signal.aborted) throw abortedError()
  if (!settings.apiKey) throw missingKeyError()
  const exchange = new Exchange(signal)
  const client = makeClient(settings, settings.apiKey, exchange)
  exchange.arm('connect', settings.connectMs)
  try {
    const ids: string[] = []
    for await (const model of client.models.list({}, { signal: exchange.signal })) {
      ids.push(model.id)
      if (ids.length >= MAX_LISTED_MODELS) break
    }
    return ids
  } catch (err) {
    throw classifyAnthropicFailure(err, {
      baseURL: settings.baseURL,
      model: '',
      apiKey: settings.apiKey,
      callerSignal: signal,
      fired: exchange.facts.fired,
      streamOpen: false,
    })
  } finally {
    exchange.disarm()
  }
}

export function createAnthropicProvider(config: AnthropicConfig = {}): ModelProvider {
  const env = config.env ?? process.env
  const timeouts = config.timeouts ?? {}
  const settings: Settings = {
    apiKey: nonEmpty(config.apiKey) ?? nonEmpty(env.ANTHROPIC_API_KEY),
    baseURL: (nonEmpty(config.baseURL) ?? nonEmpty(env.ANTHROPIC_BASE_URL) ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    ...resolveTimeouts(timeouts, ANTHROPIC_DEFAULT_TIMEOUTS),
  }
  return {
    name: 'anthropic',
    label: `Anthropic (${settings.baseURL})`,
    offline: false,
    maxConcurrency: resolveConcurrency(config.maxConcurrency, ANTHROPIC_DEFAULT_CONCURRENCY),
    endpoint: endpointIdentity(settings.baseURL),
    chat: (request, options) => chatStream(settings, request, options.signal, options.timeouts),
    preflight: (model, options) => preflight(settings, model, options.signal),
    listModels: (options) => listModels(settings, options.signal),
  }
}
