/**
 * Runs the Ollama adapter through the provider conformance suite: the existing fake Ollama
 * server (ND-JSON) plays each protocol-neutral FakeScenario as the equivalent FakeReply.
 * Ollama sends a tool call whole (never split), so `chunks` has no meaning on its wire.
 */
import { createOllamaProvider } from '../ollama-provider'
import type { ContractHarness, FakeProviderServer, FakeScenario } from '../../testing/contract-types'
import { startFakeOllama, type FakeReply } from './fake-ollama-server'

const OLLAMA_CONTRACT_MODEL = 'qwen3.5'

function usage(u: { input: number; output: number } | undefined): FakeReply['usage'] {
  return u ? { promptTokens: u.input, completionTokens: u.output } : undefined
}

function toolArguments(json: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(json)
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed }
}

function toOllamaReply(scenario: FakeScenario): FakeReply {
  switch (scenario.kind) {
    case 'text':
      return { text: scenario.deltas, usage: usage(scenario.usage) }
    case 'tool_call':
      return {
        ...(scenario.text ? { text: [scenario.text] } : {}),
        toolCalls: [{ id: 'call_fake_1', name: scenario.name, arguments: toolArguments(scenario.argumentsJson) }],
        usage: usage(scenario.usage),
      }
    case 'http_error':
      return { status: scenario.status, error: scenario.message ?? `HTTP ${scenario.status}`, headers: scenario.headers }
    case 'context_too_long':
      return { status: 400, error: `input length ${scenario.requested} exceeds the context length ${scenario.limit}` }
    case 'mid_stream_error':
      return { text: scenario.deltas, ending: 'error_line', error: 'an error was encountered while running the model: unexpected EOF' }
    case 'no_end_marker':
      return { text: scenario.deltas, ending: 'end' }
    case 'stall_headers':
      return { headerDelayMs: scenario.ms, text: ['late'] }
    case 'stall_after':
      return { text: scenario.deltas, ending: 'stall' }
    case 'slow':
      return { text: scenario.deltas, delayMs: scenario.delayMs }
    case 'route_not_found':
      return { routeNotFound: true }
    case 'json_reply':
      return { text: [scenario.text] }
    case 'drop_before_reply':
      return { dropBeforeReply: true }
  }
}

async function startOllamaContractServer(): Promise<FakeProviderServer> {
  const models = [OLLAMA_CONTRACT_MODEL]
  let queue: FakeScenario[] = [{ kind: 'text', deltas: ['ok'] }]
  const next = (): FakeScenario => (queue.length > 1 ? (queue.shift() as FakeScenario) : (queue[0] as FakeScenario))
  const fake = await startFakeOllama(() => toOllamaReply(next()), { models })
  return {
    url: fake.url,
    models,
    get requests() {
      return fake.requests.map((r) => ({
        path: '/api/chat',
        headers: {},
        body: { model: r.model, messages: r.messages, tools: r.tools, options: r.options, stream: r.stream },
        closedEarly: r.closed.then((c) => c.beforeReplyEnd),
      }))
    },
    play(...scenarios) {
      if (scenarios.length > 0) queue = [...scenarios]
    },
    close: () => fake.close(),
  }
}

export const ollamaContractHarness: ContractHarness = {
  name: 'ollama',
  model: OLLAMA_CONTRACT_MODEL,
  needsKey: false,
  startServer: startOllamaContractServer,
  makeProvider: (url, { timeouts }) =>
    createOllamaProvider({
      host: url,
      connectTimeoutMs: timeouts?.connectTimeoutMs,
      firstTokenTimeoutMs: timeouts?.firstTokenTimeoutMs,
      idleTimeoutMs: timeouts?.idleTimeoutMs,
    }),
}
