/**
 * What every OpenAI-API adapter shares: its resolved settings, the real `openai` SDK client built
 * from them (`maxRetries: 0`: the step runner is the one retry owner; our own fetch, so every
 * timer and abort reaches the socket) and the context failures are classified with.
 */
import OpenAI from 'openai'
import type { SseExchange } from '../http/sse-exchange'
import type { StreamTimeouts } from '../provider-settings'
import type { MaxTokensField } from './openai-messages'
import type { OpenAIFailureContext, OpenAIFlavor } from './openai-errors'

/** Which OpenAI API a server is spoken to with: Chat Completions, or the Responses API. */
/** A stream that ended without its end marker ([DONE] or response.completed); classified as a protocol error. */
export class StreamIncomplete extends Error {
  override name = 'StreamIncomplete'
}

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
