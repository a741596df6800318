/**
 * Shared vocabulary of the provider conformance suite. Each provider's fake server (speaking
 * that provider's real wire protocol: ND-JSON for Ollama, SSE for OpenAI/MLX and Anthropic)
 * plays these protocol-neutral scenarios, one per incoming chat request, in order.
 */
import type { ProviderTimeouts } from '../provider-settings'
import type { ModelProvider } from '../types'

export type FakeScenario =
  /** A normal streamed answer. */
  | { kind: 'text'; deltas: string[]; usage?: { input: number; output: number } }
  /** A tool call whose JSON arguments are split across `chunks` deltas (where the protocol streams them). */
  | { kind: 'tool_call'; text?: string; name: string; argumentsJson: string; chunks?: number; usage?: { input: number; output: number } }
  /** An HTTP error response shaped like the provider's own error body, with optional headers (retry-after, request id). */
  | { kind: 'http_error'; status: number; message?: string; headers?: Record<string, string> }
  /** The provider's "context too long" 400, stating the model's limit in tokens. */
  | { kind: 'context_too_long'; limit: number; requested: number }
  /** HTTP 200, some deltas, then the protocol's in-stream error event. */
  | { kind: 'mid_stream_error'; deltas: string[] }
  /** HTTP 200, deltas, then the connection ends without the protocol's end marker. */
  | { kind: 'no_end_marker'; deltas: string[] }
  /** Accept the request but send no response headers for `ms`. */
  | { kind: 'stall_headers'; ms: number }
  /** Send headers and some deltas, then nothing for `ms`. */
  | { kind: 'stall_after'; deltas: string[]; ms: number }
  /** A slow stream: one delta every `delayMs` (used to abort mid-stream). */
  | { kind: 'slow'; deltas: string[]; delayMs: number }
  /** The request lands on a path the server has no route for: its router's 404, exactly as the real server words it. */
  | { kind: 'route_not_found' }
  /** HTTP 200 with one whole (non-streamed) JSON answer, as a server or proxy that ignores `stream` sends it. */
  | { kind: 'json_reply'; text: string }
  /** The server reads the request and closes the connection without a byte of reply. */
  | { kind: 'drop_before_reply' }

export interface RecordedRequest {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
  /** Resolves true when the client closed the connection before the reply ended. */
  closedEarly: Promise<boolean>
}

export interface FakeProviderServer {
  /** Base URL to give the adapter (what the SDK's baseURL / host option expects). */
  url: string
  /** Queue scenarios; each chat request consumes the next one (the last one repeats). */
  play(...scenarios: FakeScenario[]): void
  /** Models the server lists (for preflight / unknown-model checks). */
  models: string[]
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}

export interface ContractHarness {
  /** Provider name as in specs ('ollama', 'openai', 'anthropic', 'mlx'). */
  name: string
  /** A model the fake server lists. */
  model: string
  startServer(): Promise<FakeProviderServer>
  /** Builds the real adapter (real SDK inside) pointed at `url`; `apiKey` may be a canary. */
  makeProvider(url: string, options: { apiKey?: string; timeouts?: ProviderTimeouts }): ModelProvider
  /** True when the provider needs an API key (401 cases apply). */
  needsKey: boolean
}
