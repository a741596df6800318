/**
 * What every OpenAI-API adapter shares: its resolved settings, the real `openai` SDK client built
 * from them (`maxRetries: 0`: the step runner is the one retry owner; our own fetch, so every
 * timer and abort reaches the socket), the context failures are classified with, and the opening
 * of every call: refused before any I/O when already aborted or without a required key; a streamed
 * call's connect timer armed, and its first-token timer armed once the socket connects.
 */
import OpenAI from 'openai'
import { abortedError } from '../../errors'
import { SseExchange, type SseEvent } from '../http/sse-exchange'
import { withCallTimeouts, type ProviderTimeouts, type StreamTimeouts } from '../provider-settings'
import type { MaxTokensField } from './openai-messages'
import { missingKey, type OpenAIFailureContext, type OpenAIFlavor } from './openai-errors'

/** A stream that ended without its end marker ([DONE] or response.completed); classified as a protocol error. */
export class StreamIncomplete extends Error {
  override name = 'StreamIncomplete'
}

/** Which OpenAI API a server is spoken to with: Chat Completions, or the Responses API. */
export type OpenAIApi = 'chat' | 'responses'

export interface OpenAICompatibleSettings extends StreamTimeouts {
  name: string
  label: string
  flavor: OpenAIFlavor
  apiKey?: string
  /** Without a key, preflight and chat fail with kind 'auth' naming flavor.keyEnv. */
  requiresKey: boolean
  baseURL: string
  maxConcurrency: number
  maxTokensField: MaxTokensField
  /** Default 'chat' (every OpenAI-compatible server); OpenAI's own models want 'responses'. */
  api?: OpenAIApi
  /** Sent when no key is configured and the server needs none (the SDK insists on one). */
  placeholderKey?: string
  /** Do not pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID (for servers that are not OpenAI). */
  ignoreOpenAIAccountEnv?: boolean
  /** Sent as the token limit when the request sets none (mlx_lm.server would stop at its own 512). */
  defaultMaxTokens?: number
}

export function trimBaseURL(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

export function makeOpenAIClient(s: OpenAICompatibleSettings, t: StreamTimeouts, fetch: typeof globalThis.fetch): OpenAI {
  return new OpenAI({
    apiKey: s.apiKey || s.placeholderKey || 'none',
    baseURL: s.baseURL,
    maxRetries: 0,
    timeout: t.connectMs + t.firstTokenMs + 5_000,
    fetch,
    logLevel: 'off',
    ...(s.ignoreOpenAIAccountEnv ? { organization: null, project: null } : {}),
  })
}

export function openAIFailureContext(
  s: OpenAICompatibleSettings,
  exchange: SseExchange,
  signal: AbortSignal,
  model?: string,
  endMarker?: string,
): OpenAIFailureContext {
  return {
    flavor: s.flavor,
    baseURL: s.baseURL,
    model,
    callerSignal: signal,
    facts: exchange.facts,
    secrets: [s.apiKey],
    ...(endMarker ? { endMarker } : {}),
  }
}

/** Throws before any I/O when the call is already aborted or the server needs a key that is not set. */
export function assertCallable(s: OpenAICompatibleSettings, signal: AbortSignal): void {
  if (signal.aborted) throw abortedError()
  if (s.requiresKey && !s.apiKey) throw missingKey(s.flavor)
}

export interface OpenAIStreamCall {
  t: StreamTimeouts
  exchange: SseExchange
  client: OpenAI
  ctx: OpenAIFailureContext
}

/** Opens a streamed call: its timeouts, an exchange ending at `isEnd`, a client on it, the failure context; the connect timer runs. */
export function openStreamCall(
  s: OpenAICompatibleSettings,
  model: string,
  signal: AbortSignal,
  callTimeouts: ProviderTimeouts | undefined,
  isEnd: (event: SseEvent) => boolean,
  endMarker?: string,
): OpenAIStreamCall {
  assertCallable(s, signal)
  const t = withCallTimeouts(s, callTimeouts)
  const exchange = new SseExchange(signal, isEnd)
  const client = makeOpenAIClient(
    s,
    t,
    exchange.instrument(exchange.transport({ onConnected: () => exchange.arm('first token', t.firstTokenMs) })),
  )
  const ctx = openAIFailureContext(s, exchange, signal, model, endMarker)
  exchange.facts.expectsStream = true
  exchange.arm('connect', t.connectMs)
  return { t, exchange, client, ctx }
}
