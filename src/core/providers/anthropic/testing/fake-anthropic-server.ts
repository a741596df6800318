/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1 (random port) for tests. `POST
 * /v1/messages` answers with the real SSE streaming protocol (message_start, content_block_*,
 * input_json_delta split across deltas, message_delta with stop_reason and usage, message_stop,
 * ping, an unknown event type that clients must tolerate, and the in-stream `event: error`).
 * HTTP errors carry Anthropic's `{type:'error', error:{type, message}}` body and a `request-id`
 * header. `GET /v1/models` and `GET /v1/models/{id}` list and look up `models`. Each chat request
 * for a listed model plays the next queued FakeScenario (the last one repeats until `play` queues
 * new ones); an unlisted model gets a 404 not_found_error without consuming a scenario. Prompt
 * caching usage and thinking blocks (with signatures that must come back) follow
 * fake-anthropic-cache.ts. The key may arrive as `x-api-key` or
 * `Authorization: Bearer`; both are accepted and recorded, never checked.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import type { FakeProviderServer, FakeScenario, RecordedRequest } from '../../testing/contract-types'
import { cacheUsage, signatureOf, thinkingProblem, type CacheUsage, type IssuedThinking } from './fake-anthropic-cache'
import { readBody, splitInto } from '../../testing/fake-server-io'

export interface FakeAnthropicOptions {
  /** Models that think by default (adaptive thinking unless the request disables it); default: claude-sonnet-5-5. */
  thinkingModels?: string[]
  /** Chooses each request's scenario from its body (for runs whose requests arrive in any order); otherwise `play`'s queue. */
  script?: (body: unknown) => FakeScenario
}

/** What one request's answer needs besides its scenario: cache usage and, for a thinking model, a thinking block. */
interface Turn {
  usage: CacheUsage
  thinks: boolean
  issued: Map<string, IssuedThinking>
}

const BodySchema = z
  .object({ model: z.string(), max_tokens: z.number(), messages: z.array(z.unknown()), stream: z.boolean().optional() })
  .loose()

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error')
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  sendJson(res, status, { type: 'error', error: { type: errorType(status), message } }, headers)
}

class SseWriter {
  constructor(
    private readonly res: http.ServerResponse,
    private readonly gone: () => boolean,
  ) {}

  event(name: string, data: Record<string, unknown>): void {
    if (!this.gone()) this.res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`)
  }

  start(model: string, inputTokens: number, requestId: string, cache?: CacheUsage): void {
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': requestId })
    this.res.flushHeaders()
    this.event('message_start', {
      message: {
        id: `msg_${requestId}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          cache_creation_input_tokens: cache?.cacheWrite ?? 0,
          cache_read_input_tokens: cache?.cacheRead ?? 0,
          output_tokens: 1,
        },
      },
    })
  }

  textBlock(index: number, deltas: readonly string[]): void {
    this.event('content_block_start', { index, content_block: { type: 'text', text: '', citations: null } })
    for (const text of deltas) this.event('content_block_delta', { index, delta: { type: 'text_delta', text } })
    this.event('content_block_stop', { index })
  }

  thinkingBlock(index: number, thinking: string, signature: string): void {
    this.event('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } })
    for (const piece of splitInto(thinking, 3))
      this.event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } })
    this.event('content_block_delta', { index, delta: { type: 'signature_delta', signature } })
    this.event('content_block_stop', { index })
  }

  finish(stopReason: string, outputTokens: number): void {
    this.event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } })
    this.event('message_stop', {})
    if (!this.gone()) this.res.end()
  }
}

async function play(
  res: http.ServerResponse,
  model: string,
  scenario: FakeScenario,
  requestId: string,
  gone: () => boolean,
  turn: Turn,
): Promise<void> {
  const sse = new SseWriter(res, gone)
  const thinking = `The user wants this done; request ${requestId} needs a plan first.`
  const signature = signatureOf(thinking, requestId)
  const think = (): number => {
    if (!turn.thinks) return 0
    sse.thinkingBlock(0, thinking, signature)
    return 1
  }
  const idHeader = { 'request-id': requestId }
  switch (scenario.kind) {
    case 'http_error':
      return sendError(res, scenario.status, scenario.message ?? `HTTP ${scenario.status}`, { ...idHeader, ...scenario.headers })
    case 'context_too_long':
      return sendError(res, 400, `prompt is too long: ${scenario.requested} tokens > ${scenario.limit} maximum`, idHeader)
    case 'stall_headers':
      await sleep(scenario.ms)
      if (gone()) return
      sse.start(model, 1, requestId)
      sse.textBlock(0, ['late'])
      return sse.finish('end_turn', 1)
    case 'text': {
      sse.start(model, scenario.usage?.input ?? turn.usage.input, requestId, turn.usage)
      sse.event('ping', {})
      sse.textBlock(think(), scenario.deltas)
      sse.event('content_block_future_kind', { index: 0, note: 'unknown event types must be tolerated' })
      return sse.finish('end_turn', scenario.usage?.output ?? 0)
    }
    case 'tool_call': {
      sse.start(model, scenario.usage?.input ?? turn.usage.input, requestId, turn.usage)
      let index = think()
      if (turn.thinks) turn.issued.set(`toolu_${requestId}`, { thinking, signature })
      if (scenario.text) sse.textBlock(index++, [scenario.text])
      sse.event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: `toolu_${requestId}`, name: scenario.name, input: {} },
      })
      for (const partial_json of splitInto(scenario.argumentsJson, scenario.chunks ?? 1)) {
        sse.event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } })
      }
      sse.event('content_block_stop', { index })
      return sse.finish('tool_use', scenario.usage?.output ?? 0)
    }
    case 'mid_stream_error':
      sse.start(model, 1, requestId)
      sse.event('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } })
      for (const text of scenario.deltas) sse.event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })
      sse.event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } })
      if (!gone()) res.end()
      return
    case 'no_end_marker':
      sse.start(model, 1, requestId)
      sse.textBlock(0, scenario.deltas)
      if (!gone()) res.end()
      return
    case 'stall_after':
      sse.start(model, 1, requestId)
      sse.event('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } })
      for (const text of scenario.deltas) sse.event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })
      await sleep(scenario.ms)
      sse.event('content_block_stop', { index: 0 })
      return sse.finish('end_turn', 1)
    case 'slow':
      sse.start(model, 1, requestId)
      sse.event('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } })
      for (const text of scenario.deltas) {
        await sleep(scenario.delayMs)
        if (gone()) return
        sse.event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })
      }
      sse.event('content_block_stop', { index: 0 })
      return sse.finish('end_turn', scenario.deltas.length)
    case 'route_not_found':
      return sendError(res, 404, 'Not Found', idHeader)
    case 'json_reply':
      res.writeHead(200, { 'content-type': 'application/json', ...idHeader })
      res.end(
        JSON.stringify({
          id: `msg_${requestId}`,
          type: 'message',
          role: 'assistant',
          model,
          content: [{ type: 'text', text: scenario.text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 5, output_tokens: 2 },
        }),
      )
      return
    case 'drop_before_reply':
      res.socket?.destroy()
      return
  }
}

function modelInfo(id: string): Record<string, unknown> {
  return { type: 'model', id, display_name: id, created_at: new Date(0).toISOString() }
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeProviderServer> {
  const queue: FakeScenario[] = []
  const requests: RecordedRequest[] = []
  const state = { models: ['claude-sonnet-5-5', 'claude-sonnet-4-6', 'claude-sonnet-4-5'], requestCount: 0, repeating: false }
  const thinkingModels = new Set(options.thinkingModels ?? ['claude-sonnet-5-5'])
  const cached = new Set<string>()
  const issued = new Map<string, IssuedThinking>()

  const nextScenario = (): FakeScenario => {
    if (queue.length > 1) return queue.shift() as FakeScenario
    state.repeating = true
    return queue[0] ?? { kind: 'text', deltas: ['ok'] }
  }

  const handleMessages = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> => {
    let replyEnded = false
    const closedEarly = new Promise<boolean>((resolve) => {
      res.on('close', () => {
        replyEnded = true
        resolve(!res.writableFinished)
      })
    })
    const raw = await readBody(req)
    let body: unknown
    try {
      body = JSON.parse(raw) as unknown
    } catch {
      body = raw
    }
    requests.push({ path: req.url ?? '/', headers: req.headers, body, closedEarly })
    const parsed = BodySchema.safeParse(body)
    const idHeader = { 'request-id': requestId }
    if (!parsed.success) return sendError(res, 400, `invalid request: ${parsed.error.message}`, idHeader)
    if (!state.models.includes(parsed.data.model)) return sendError(res, 404, `model: ${parsed.data.model}`, idHeader)
    const request = parsed.data as Record<string, unknown>
    const problem = thinkingProblem(request, issued)
    if (problem) return sendError(res, 400, problem, idHeader)
    const disabled =
      typeof request.thinking === 'object' &&
      request.thinking !== null &&
      'type' in request.thinking &&
      request.thinking.type === 'disabled'
    const turn: Turn = { usage: cacheUsage(request, cached), thinks: thinkingModels.has(parsed.data.model) && !disabled, issued }
    await play(res, parsed.data.model, options.script?.(body) ?? nextScenario(), requestId, () => replyEnded || res.destroyed, turn)
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const requestId = `req_fake_${++state.requestCount}`
    const work = async (): Promise<void> => {
      if (req.method === 'POST' && path === '/v1/messages') return handleMessages(req, res, requestId)
      if (req.method === 'GET' && path === '/v1/models') {
        const data = state.models.map(modelInfo)
        return sendJson(
          res,
          200,
          { data, has_more: false, first_id: state.models[0] ?? null, last_id: state.models.at(-1) ?? null },
          { 'request-id': requestId },
        )
      }
      if (req.method === 'GET' && path.startsWith('/v1/models/')) {
        const id = decodeURIComponent(path.slice('/v1/models/'.length))
        if (state.models.includes(id)) return sendJson(res, 200, modelInfo(id), { 'request-id': requestId })
        return sendError(res, 404, `model: ${id}`, { 'request-id': requestId })
      }
      sendError(res, 404, `no route ${req.method ?? ''} ${path}`, { 'request-id': requestId })
    }
    work().catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : String(err), { 'request-id': requestId })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    play: (...scenarios) => {
      if (state.repeating) queue.length = 0
      state.repeating = false
      queue.push(...scenarios)
    },
    get models() {
      return state.models
    },
    set models(list: string[]) {
      state.models = list
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
