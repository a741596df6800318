/**
 * Runs the MLX adapter through the provider conformance suite against fake-mlx-server.py, a
 * Python http.server built like mlx_lm.server (HTTP/1.0, strict Content-Length, keepalive
 * comments, whole tool calls). Each protocol-neutral FakeScenario becomes the reply the real
 * server would give; mlx_lm.server reports a failure mid-generation by closing the stream, so
 * `mid_stream_error` is a stream cut short, and its own errors are `{"error": "…"}` bodies.
 */
import { createMlxProvider } from '../mlx-provider'
import type { ContractHarness, FakeProviderServer, FakeScenario } from '../../testing/contract-types'
import { startFakeMlx, type MlxReply } from './fake-mlx-server'

const MLX_SERVER_CONTRACT_MODEL = 'mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit'

function usageOf(u: { input: number; output: number } | undefined): Pick<MlxReply, 'prompt_tokens' | 'completion_tokens'> {
  return u ? { prompt_tokens: u.input, completion_tokens: u.output } : {}
}

function toMlxReply(scenario: FakeScenario): MlxReply {
  const tokens = (deltas: string[]): MlxReply['tokens'] => deltas.map((text) => ({ text }))
  switch (scenario.kind) {
    case 'text':
      return { tokens: tokens(scenario.deltas), ...usageOf(scenario.usage) }
    case 'tool_call':
      return {
        tokens: [
          {
            ...(scenario.text ? { text: scenario.text } : {}),
            tool_calls: [{ name: scenario.name, arguments: JSON.parse(scenario.argumentsJson) as unknown }],
          },
        ],
        ...usageOf(scenario.usage),
      }
    case 'http_error':
      return { status: scenario.status, error: scenario.message ?? `HTTP ${scenario.status}`, headers: scenario.headers }
    case 'context_too_long':
      return { status: 404, error: `prompt of ${scenario.requested} tokens exceeds ${scenario.limit}` }
    case 'mid_stream_error':
    case 'no_end_marker':
      return { tokens: tokens(scenario.deltas), ending: 'cut' }
    case 'stall_headers':
      return { header_delay_ms: scenario.ms, tokens: tokens(['late']) }
    case 'stall_after':
      return { tokens: tokens(scenario.deltas), ending: 'stall', stall_ms: scenario.ms }
    case 'slow':
      return { tokens: tokens(scenario.deltas), delay_ms: scenario.delayMs }
    case 'route_not_found':
      return { route_not_found: true }
    case 'json_reply':
      return { tokens: tokens([scenario.text]), json_reply: true }
    case 'drop_before_reply':
      return { drop: true }
  }
}

async function startMlxContractServer(): Promise<FakeProviderServer> {
  const models = [MLX_SERVER_CONTRACT_MODEL]
  const fake = await startFakeMlx({ models, replies: [{ tokens: [{ text: 'ok' }] }] })
  return {
    url: fake.url,
    models,
    get requests() {
      return fake.requests().map((r) => ({
        path: r.path,
        headers: r.headers,
        body: r.body,
        closedEarly: fake.outcomeOf(r.n).then((o) => o.outcome === 'client_gone'),
      }))
    },
    play(...scenarios) {
      if (scenarios.length > 0) fake.setScript({ models, replies: scenarios.map(toMlxReply) })
    },
    close: () => fake.close(),
  }
}

export const mlxServerContractHarness: ContractHarness = {
  name: 'mlx',
  model: MLX_SERVER_CONTRACT_MODEL,
  needsKey: false,
  startServer: startMlxContractServer,
  makeProvider: (url, { timeouts }) => createMlxProvider({ baseURL: url, timeouts }),
}
