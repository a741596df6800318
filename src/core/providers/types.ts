/**
 * The one provider interface every adapter implements (Ollama, demo; OpenAI, Anthropic and MLX
 * slot in later without touching the scheduler). A chat turn is an async stream of chunks that
 * ends with exactly one `done` chunk; a stream that ends without it is a `protocol` error.
 * Adapters throw only ProviderError, honour the AbortSignal, and never retry on their own
 * (the step runner is the one retry owner).
 */
import type { ModelOptions } from './model-options'
import type { ProviderTimeouts } from './provider-settings'

export type { ModelOptions } from './model-options'

export interface ToolCall {
  id: string
  name: string
  /** Parsed JSON arguments; a string when the model sent arguments that are not valid JSON. */
  arguments: unknown
}

/**
 * A provider's record of the model's reasoning in one answer, passed back verbatim on the next
 * turn of the same conversation (OpenAI Responses reasoning items, Anthropic thinking blocks with
 * their signature). Opaque to everything but the adapter that produced it.
 */
export type ReasoningItem =
  | { kind: 'openai_reasoning'; id: string; summary: string[]; encrypted_content?: string }
  | { kind: 'anthropic_thinking'; thinking: string; signature: string }
  | { kind: 'anthropic_redacted_thinking'; data: string }

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: ToolCall[]; reasoning?: ReasoningItem[] }
  | { role: 'tool'; content: string; tool_call_id: string; tool_name: string }

/** JSON-schema description of a tool offered to the model. */
export interface ToolSpec {
  name: string
  description: string
  parameters: {
    type: 'object'
    properties: Record<string, unknown>
    required: string[]
  }
}

export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  tools: ToolSpec[]
  options: ModelOptions
}

export type StopReason = 'stop' | 'tool_calls' | 'length' | 'other'

export interface TokenUsage {
  /** All input tokens, including those read from or written to the provider's prompt cache. */
  promptTokens: number
  completionTokens: number
  /** Input tokens served from the provider's prompt cache (billed at the cached-input rate). */
  cachedPromptTokens?: number
  /** Input tokens written to the provider's prompt cache (Anthropic bills them at the cache-write rate). */
  cacheWriteTokens?: number
}

/**
 * `thinking` is the model's reasoning (e.g. a `reasoning` delta): shown to the user as thinking,
 * never part of the answer's text, never written as output.
 */
export type ProviderChunk =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; item: ReasoningItem }
  | { type: 'thinking'; text: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'done'; stopReason: StopReason; usage: TokenUsage }

interface ChatCallOptions {
  signal: AbortSignal
  /** Per-call stream timeouts (a step's `timeouts:`) over the adapter's own; unset ones keep the adapter's. */
  timeouts?: ProviderTimeouts
}

/** What a passing preflight has to say; each notice is one sentence naming the fix. */
interface PreflightReport {
  notices: string[]
}

/**
 * How many tokens of prompt plus answer the server keeps for one request, for servers that drop
 * what does not fit without an error (Ollama). `advice` names the fix for a prompt of `needed` tokens.
 */
export interface ContextLimit {
  tokens: number
  advice(needed: number): string
}

export interface ModelProvider {
  /** Provider name as written in specs: 'ollama', 'demo', 'openai', … */
  readonly name: string
  /** Human label; the demo provider says plainly that it is a canned offline demo. */
  readonly label: string
  /** True for providers that do not call a real model (shown in CLI output and manifest). */
  readonly offline: boolean
  /** How many chat requests this provider serves at once (the scheduler's per-provider limit; read after preflight). */
  readonly maxConcurrency: number
  /** How to raise maxConcurrency, or why it cannot be, for the step.waiting line (e.g. 'set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise'). */
  readonly slotHint?: string
  /** Which server answers (normalized base URL, see endpointIdentity); part of every cache key. None for offline providers. */
  readonly endpoint?: string
  chat(request: ChatRequest, options: ChatCallOptions): AsyncIterable<ProviderChunk>
  /**
   * Checks, before any model call, that the provider answers and has `model`.
   * Throws ProviderError (e.g. kind 'network' or 'model_not_found') with a message naming the fix.
   * May resolve with notices: problems that do not stop a run (e.g. a model that cannot call tools).
   */
  preflight(model: string, options: { signal: AbortSignal }): Promise<PreflightReport | void>
  /** The models the server offers (for pickers); absent when the provider cannot list them. Throws like preflight. */
  listModels?(options: { signal: AbortSignal }): Promise<string[]>
  /** The context window this request gets; absent for providers that reject an oversized prompt themselves. No I/O. */
  contextLimit?(request: ChatRequest): ContextLimit | undefined
}
